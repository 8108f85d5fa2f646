# name: attacks
# description: Attacking claim -> target through one conflict, whatever its
#   kind: for each CA-node (typed aif:CA-node directly, or through one of our
#   conflict classes via 10-types), every aif:Premise arg:attacks its
#   aif:Conclusion. The target is a claim, or an RA-node for an undercut.
# derives: ?attacker arg:attacks ?target
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

INSERT { GRAPH <https://w3id.org/argmap/graph/derived> { ?attacker arg:attacks ?target } }
WHERE {
  ?ca rdf:type aif:CA-node ;
      aif:Premise ?attacker ;
      aif:Conclusion ?target .
}
