//! The plan: which agent does what, in which order (API.md, `/v1/orchestrate`: `plan`).
//!
//! A model writes the plan as JSON constrained by [`schema`]; [`from_model`] then checks what
//! a schema cannot (see [`Plan::validate`]). Without a model, [`rule_based`] plans from the
//! query alone. [`Plan::waves`] gives the execution order.

mod check;
mod rules;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::Agent;

pub use check::PlanError;
pub use rules::{COMBINE_DESCRIPTION, rule_based};

/// Most steps in a plan: the orchestrator's step budget.
pub const MAX_STEPS: usize = 6;
/// Longest step id the schema admits, in chars.
pub const MAX_ID_CHARS: usize = 40;
/// Longest step description the schema admits, in chars.
pub const MAX_DESCRIPTION_CHARS: usize = 600;

/// An ordered set of steps, each done by one agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The steps, in the order the planner wrote them.
    pub steps: Vec<Step>,
}

/// One step of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Unique within the plan.
    pub id: String,
    /// The agent that does it (an id of the catalogue).
    pub agent: String,
    /// What to do: the task handed to the agent.
    pub description: String,
    /// Ids of the steps whose outputs this step needs (missing in JSON: none).
    #[serde(default)]
    pub depends_on: Vec<String>,
}

/// The JSON Schema a model's plan must satisfy: an object with `steps`, 1 to [`MAX_STEPS`]
/// steps of `id`, `agent` (one of `agent_ids`, which must not be empty), `description` and
/// `depends_on`, all required, nothing else. Uses only the keywords runtime-host turns into
/// grammars.
#[must_use]
pub fn schema(agent_ids: &[&str]) -> Value {
    let id = json!({"type": "string", "minLength": 1, "maxLength": MAX_ID_CHARS});
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["steps"],
        "properties": {
            "steps": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_STEPS,
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["id", "agent", "description", "depends_on"],
                    "properties": {
                        "id": id,
                        "agent": {"type": "string", "enum": agent_ids},
                        "description": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": MAX_DESCRIPTION_CHARS
                        },
                        "depends_on": {
                            "type": "array",
                            "maxItems": MAX_STEPS - 1,
                            "items": id
                        }
                    }
                }
            }
        }
    })
}

/// The plan a model produced, checked against `catalogue` (see [`Plan::validate`]).
pub fn from_model(value: &Value, catalogue: &[Agent]) -> Result<Plan, PlanError> {
    let plan = Plan::deserialize(value).map_err(|e| PlanError::Shape(e.to_string()))?;
    plan.validate(catalogue)?;
    Ok(plan)
}

impl Plan {
    /// Checks what a schema cannot: 1 to [`MAX_STEPS`] steps; ids non-blank and unique;
    /// descriptions non-blank; agents in `catalogue`; dependencies on other steps of the plan;
    /// no cycles.
    pub fn validate(&self, catalogue: &[Agent]) -> Result<(), PlanError> {
        check::validate(self, catalogue)
    }

    /// The execution order as dependency waves: each wave holds the steps whose dependencies
    /// all ran in earlier waves, in plan order; the steps of a wave can run in any order.
    /// Meant for a validated plan; on any other, dependencies on unknown ids are ignored and
    /// steps caught in a cycle are left out.
    #[must_use]
    pub fn waves(&self) -> Vec<Vec<&Step>> {
        let ids: BTreeSet<&str> = self.steps.iter().map(|s| s.id.as_str()).collect();
        let mut done: BTreeSet<&str> = BTreeSet::new();
        let mut left: Vec<&Step> = self.steps.iter().collect();
        let mut waves = Vec::new();
        while !left.is_empty() {
            let (ready, blocked): (Vec<&Step>, Vec<&Step>) = left.into_iter().partition(|s| {
                s.depends_on
                    .iter()
                    .all(|d| done.contains(d.as_str()) || !ids.contains(d.as_str()))
            });
            if ready.is_empty() {
                break;
            }
            done.extend(ready.iter().map(|s| s.id.as_str()));
            waves.push(ready);
            left = blocked;
        }
        waves
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A step for tests.
    pub(crate) fn step(id: &str, agent: &str, depends_on: &[&str]) -> Step {
        Step {
            id: id.to_owned(),
            agent: agent.to_owned(),
            description: format!("do {id}"),
            depends_on: depends_on.iter().map(|d| (*d).to_owned()).collect(),
        }
    }

    fn wave_ids(plan: &Plan) -> Vec<Vec<&str>> {
        plan.waves()
            .into_iter()
            .map(|w| w.into_iter().map(|s| s.id.as_str()).collect())
            .collect()
    }

    #[test]
    fn waves_run_dependencies_first_and_independent_steps_together() {
        let plan = Plan {
            steps: vec![
                step("combine", "writer", &["a", "b", "c"]),
                step("c", "writer", &["a"]),
                step("a", "research", &[]),
                step("b", "code", &[]),
            ],
        };
        assert_eq!(
            wave_ids(&plan),
            [vec!["a", "b"], vec!["c"], vec!["combine"]]
        );
        let chain = Plan {
            steps: vec![step("s1", "research", &[]), step("s2", "writer", &["s1"])],
        };
        assert_eq!(wave_ids(&chain), [["s1"], ["s2"]]);
        assert!(Plan { steps: vec![] }.waves().is_empty());
    }

    #[test]
    fn waves_of_an_invalid_plan_stop_at_a_cycle() {
        let plan = Plan {
            steps: vec![
                step("a", "research", &["ghost"]),
                step("b", "writer", &["c"]),
                step("c", "writer", &["b"]),
                step("d", "writer", &["d"]),
            ],
        };
        assert_eq!(wave_ids(&plan), [["a"]]);
    }

    #[test]
    fn the_schema_pins_the_plan_shape_and_the_agent_ids() {
        let s = schema(&["research", "writer"]);
        let steps = &s["properties"]["steps"];
        assert_eq!(s["additionalProperties"], false);
        assert_eq!(steps["minItems"], 1);
        assert_eq!(steps["maxItems"], MAX_STEPS);
        let item = &steps["items"];
        assert_eq!(item["additionalProperties"], false);
        assert_eq!(
            item["required"],
            json!(["id", "agent", "description", "depends_on"])
        );
        assert_eq!(
            item["properties"]["agent"]["enum"],
            json!(["research", "writer"])
        );
        assert_eq!(item["properties"]["depends_on"]["items"]["type"], "string");
    }

    #[test]
    fn a_model_plan_in_the_api_shape_is_accepted() {
        let catalogue = crate::catalogue().expect("agents.toml is valid");
        let value = json!({"steps": [
            {"id": "s1", "agent": "research", "description": "find sources", "depends_on": []},
            {"id": "s2", "agent": "writer", "description": "write it up", "depends_on": ["s1"]}
        ]});
        let plan = from_model(&value, &catalogue).expect("valid plan");
        assert_eq!(plan.steps.len(), 2);
        assert_eq!(serde_json::to_value(&plan).expect("serializable"), value);
    }

    #[test]
    fn a_model_plan_of_the_wrong_shape_is_rejected() {
        let catalogue = crate::catalogue().expect("agents.toml is valid");
        let extra = json!({"steps": [
            {"id": "s1", "agent": "research", "description": "x", "depends_on": [], "why": 1}
        ]});
        let error = from_model(&extra, &catalogue)
            .expect_err("unknown field")
            .to_string();
        assert!(error.contains("unknown field `why`"), "{error}");
        let error = from_model(&json!([1, 2]), &catalogue).expect_err("not an object");
        assert!(matches!(error, PlanError::Shape(_)), "{error}");
    }
}
