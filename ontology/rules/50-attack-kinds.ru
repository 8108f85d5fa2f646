# name: attack-kinds
# description: The sub-properties of arg:attacks, from the class of the
#   CA-node: arg:Rebut gives arg:rebuts, arg:Undermine gives arg:undermines,
#   arg:Undercut gives arg:undercuts. A CA-node typed only aif:CA-node gets
#   arg:attacks (40-) but no kind.
# derives: ?attacker arg:rebuts|arg:undermines|arg:undercuts ?target
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

INSERT { GRAPH <https://w3id.org/argmap/graph/derived> { ?attacker ?shortcut ?target } }
WHERE {
  VALUES (?kind ?shortcut) {
    (arg:Rebut     arg:rebuts)
    (arg:Undermine arg:undermines)
    (arg:Undercut  arg:undercuts)
  }
  ?ca rdf:type ?kind ;
      aif:Premise ?attacker ;
      aif:Conclusion ?target .
}
