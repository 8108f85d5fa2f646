# name: premise-and-conclusion-of
# description: Inverse shortcuts of the edges of inferences: a claim is
#   arg:premiseOf each RA-node that has it as aif:Premise, and arg:conclusionOf
#   the RA-node that has it as aif:Conclusion. Premises of CA- and PA-nodes are
#   not included (those are attackers and preferred nodes, see 40- and 60-).
# derives: ?claim arg:premiseOf ?ra . ?claim arg:conclusionOf ?ra
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

INSERT { GRAPH <https://w3id.org/argmap/graph/derived> { ?premise arg:premiseOf ?ra } }
WHERE {
  ?ra rdf:type aif:RA-node ;
      aif:Premise ?premise .
} ;

INSERT { GRAPH <https://w3id.org/argmap/graph/derived> { ?conclusion arg:conclusionOf ?ra } }
WHERE {
  ?ra rdf:type aif:RA-node ;
      aif:Conclusion ?conclusion .
}
