# name: type-closure
# description: For every node typed with a class, also type it with every
#   superclass reachable through rdfs:subClassOf+ (our claim kinds and conflict
#   kinds up to aif:I-node / aif:CA-node / aif:S-node / aif:Node, and the
#   outside classes of alignments.ttl such as schema:Claim or prov:Activity).
#   Which hierarchy: every rdfs:subClassOf triple loaded, whatever its graph, so
#   an analyst's own subclass of arg:EmpiricalClaim is honoured too; only IRI
#   superclasses (no OWL restriction blank nodes). owl:equivalentClass is NOT
#   followed: an equivalence would pull foreign data into our classes, and
#   alignments.ttl states no equivalences anyway. Types already asserted in some
#   graph are not repeated in the derived graph.
# derives: ?x rdf:type ?superclass
PREFIX rdf:    <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs:   <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl:    <http://www.w3.org/2002/07/owl#>
PREFIX xsd:    <http://www.w3.org/2001/XMLSchema#>
PREFIX aif:    <http://www.arg.tech/aif#>
PREFIX amo:    <http://purl.org/spar/amo/>
PREFIX oa:     <http://www.w3.org/ns/oa#>
PREFIX prov:   <http://www.w3.org/ns/prov#>
PREFIX dct:    <http://purl.org/dc/terms/>
PREFIX schema: <http://schema.org/>
PREFIX skos:   <http://www.w3.org/2004/02/skos/core#>
PREFIX wd:     <http://www.wikidata.org/entity/>
PREFIX arg:    <https://w3id.org/argmap#>

INSERT { GRAPH <https://w3id.org/argmap/graph/derived> { ?x rdf:type ?super } }
WHERE {
  {
    SELECT DISTINCT ?class ?super
    WHERE { ?class rdfs:subClassOf+ ?super . FILTER (isIRI(?super)) }
  }
  ?x rdf:type ?class .
  FILTER NOT EXISTS { ?x rdf:type ?super }
}
