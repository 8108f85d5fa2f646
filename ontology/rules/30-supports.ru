# name: supports
# description: Premise -> conclusion through one inference: for each RA-node,
#   every aif:Premise arg:supports its aif:Conclusion. One step only; follow
#   chains in queries with arg:supports+ .
# derives: ?premise arg:supports ?conclusion
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

INSERT { GRAPH <https://w3id.org/argmap/graph/derived> { ?premise arg:supports ?conclusion } }
WHERE {
  ?ra rdf:type aif:RA-node ;
      aif:Premise ?premise ;
      aif:Conclusion ?conclusion .
}
