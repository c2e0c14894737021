// Node selector terms: the language of required and preferred node
// affinity (core/v1 NodeSelectorTerm). Terms are ORed; the requirements of a
// term are ANDed; a term with no requirements matches no node.
#ifndef EKSLITE_SCHEDULER_NODE_SELECTOR_H_
#define EKSLITE_SCHEDULER_NODE_SELECTOR_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/json.h"

namespace ekslite::scheduler {

using Labels = std::map<std::string, std::string>;

Labels LabelsFromJson(const JsonValue* labels);

struct NodeSelectorRequirement {
  std::string key;
  std::string op;  // In, NotIn, Exists, DoesNotExist, Gt, Lt
  std::vector<std::string> values;
  bool Matches(const Labels& labels) const;
};

struct NodeSelectorTerm {
  std::vector<NodeSelectorRequirement> match_expressions;  // on labels
  std::vector<NodeSelectorRequirement> match_fields;       // on metadata.name only
  bool Matches(const Labels& labels, const std::string& node_name) const;
};

struct PreferredTerm {
  int64_t weight = 0;
  NodeSelectorTerm term;
};

NodeSelectorTerm NodeSelectorTermFromJson(const JsonValue& term);
// nodeSelectorTerms of a NodeSelector.
std::vector<NodeSelectorTerm> NodeSelectorTermsFromJson(const JsonValue* selector);
std::vector<PreferredTerm> PreferredTermsFromJson(const JsonValue* preferred);

bool AnyTermMatches(const std::vector<NodeSelectorTerm>& terms, const Labels& labels,
                    const std::string& node_name);

}  // namespace ekslite::scheduler

#endif  // EKSLITE_SCHEDULER_NODE_SELECTOR_H_
