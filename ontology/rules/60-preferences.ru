# name: prefers-over
# description: Preferred -> dispreferred through one preference: for each
#   PA-node, every aif:Premise arg:prefersOver its aif:Conclusion.
# derives: ?preferred arg:prefersOver ?dispreferred
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

INSERT { GRAPH <https://w3id.org/argmap/graph/derived> { ?preferred arg:prefersOver ?dispreferred } }
WHERE {
  ?pa rdf:type aif:PA-node ;
      aif:Premise ?preferred ;
      aif:Conclusion ?dispreferred .
}
