//! Checking a plan for what a JSON Schema cannot express.

use super::{MAX_STEPS, Plan};
use crate::Agent;

/// Why a plan is unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The JSON is not a plan (wrong type, missing or unknown field).
    #[error("the plan is not in the expected shape: {0}")]
    Shape(String),
    /// No steps.
    #[error("the plan has no steps")]
    Empty,
    /// More steps than the budget.
    #[error("the plan has {count} steps; at most {max} are allowed", max = MAX_STEPS)]
    TooManySteps {
        /// How many steps it has.
        count: usize,
    },
    /// A step id is empty or blank.
    #[error("step {position} has an empty id")]
    BlankId {
        /// 1-based position of the step.
        position: usize,
    },
    /// Two steps share an id.
    #[error("step id '{id}' is used twice")]
    DuplicateId {
        /// The repeated id.
        id: String,
    },
    /// A step's description is empty or blank.
    #[error("step '{step}' has an empty description")]
    BlankDescription {
        /// The step id.
        step: String,
    },
    /// A step names an agent that is not in the catalogue.
    #[error("step '{step}' names agent '{agent}', which is not in the catalogue")]
    UnknownAgent {
        /// The step id.
        step: String,
        /// The agent it names.
        agent: String,
    },
    /// A step depends on itself.
    #[error("step '{step}' depends on itself")]
    SelfDependency {
        /// The step id.
        step: String,
    },
    /// A step depends on an id that is not a step of the plan.
    #[error("step '{step}' depends on '{dependency}', which is not a step of the plan")]
    UnknownDependency {
        /// The step id.
        step: String,
        /// The id it depends on.
        dependency: String,
    },
    /// Steps depend on each other in a circle.
    #[error("steps depend on each other in a cycle: {}", .path.join(" -> "))]
    Cycle {
        /// The steps of the cycle, each depending on the next; the first is repeated last.
        path: Vec<String>,
    },
}

/// See [`Plan::validate`].
pub(super) fn validate(plan: &Plan, catalogue: &[Agent]) -> Result<(), PlanError> {
    let steps = &plan.steps;
    if steps.is_empty() {
        return Err(PlanError::Empty);
    }
    if steps.len() > MAX_STEPS {
        return Err(PlanError::TooManySteps { count: steps.len() });
    }
    for (i, s) in steps.iter().enumerate() {
        if s.id.trim().is_empty() {
            return Err(PlanError::BlankId { position: i + 1 });
        }
        if steps.iter().take(i).any(|t| t.id == s.id) {
            return Err(PlanError::DuplicateId { id: s.id.clone() });
        }
        if s.description.trim().is_empty() {
            return Err(PlanError::BlankDescription { step: s.id.clone() });
        }
        if !catalogue.iter().any(|a| a.id == s.agent) {
            return Err(PlanError::UnknownAgent {
                step: s.id.clone(),
                agent: s.agent.clone(),
            });
        }
    }
    for s in steps {
        for d in &s.depends_on {
            if *d == s.id {
                return Err(PlanError::SelfDependency { step: s.id.clone() });
            }
            if !steps.iter().any(|t| t.id == *d) {
                return Err(PlanError::UnknownDependency {
                    step: s.id.clone(),
                    dependency: d.clone(),
                });
            }
        }
    }
    match find_cycle(plan) {
        Some(path) => Err(PlanError::Cycle { path }),
        None => Ok(()),
    }
}

/// Where a step is in the depth-first search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Unseen,
    OnPath,
    Done,
}

/// The first dependency cycle, as step ids from a step back to itself. The plan has at most
/// [`MAX_STEPS`] steps with unique ids, so the recursion is shallow.
fn find_cycle(plan: &Plan) -> Option<Vec<String>> {
    let mut marks = vec![Mark::Unseen; plan.steps.len()];
    let mut path = Vec::new();
    (0..plan.steps.len()).find_map(|i| visit(plan, i, &mut marks, &mut path))
}

/// Depth-first from step `i` along its dependencies.
fn visit(plan: &Plan, i: usize, marks: &mut [Mark], path: &mut Vec<usize>) -> Option<Vec<String>> {
    let step = plan.steps.get(i)?;
    match marks.get(i)? {
        Mark::Done => return None,
        Mark::OnPath => {
            let from = path.iter().position(|&j| j == i)?;
            let ids = path.iter().skip(from).chain([&i]);
            return Some(
                ids.filter_map(|&j| plan.steps.get(j))
                    .map(|s| s.id.clone())
                    .collect(),
            );
        }
        Mark::Unseen => {}
    }
    *marks.get_mut(i)? = Mark::OnPath;
    path.push(i);
    for d in &step.depends_on {
        if let Some(j) = plan.steps.iter().position(|s| s.id == *d)
            && let Some(cycle) = visit(plan, j, marks, path)
        {
            return Some(cycle);
        }
    }
    path.pop();
    *marks.get_mut(i)? = Mark::Done;
    None
}

#[cfg(test)]
mod tests {
    use super::super::tests::step;
    use super::*;

    fn check(steps: Vec<super::super::Step>) -> Result<(), String> {
        let catalogue = crate::catalogue().expect("agents.toml is valid");
        Plan { steps }
            .validate(&catalogue)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn a_sound_plan_passes() {
        let steps = vec![
            step("a", "research", &[]),
            step("b", "data_analysis", &["a"]),
            step("c", "writer", &["a", "b"]),
        ];
        assert_eq!(check(steps), Ok(()));
    }

    #[test]
    fn cycles_are_rejected_with_the_cycle_named() {
        let steps = vec![
            step("a", "research", &[]),
            step("b", "code", &["a", "d"]),
            step("c", "writer", &["b"]),
            step("d", "writer", &["c"]),
        ];
        assert_eq!(
            check(steps),
            Err("steps depend on each other in a cycle: b -> d -> c -> b".to_owned())
        );
    }

    #[test]
    fn wrong_agents_ids_and_dependencies_are_rejected() {
        let cases = [
            (
                vec![step("a", "ghost", &[])],
                "step 'a' names agent 'ghost', which is not in the catalogue",
            ),
            (
                vec![step("a", "writer", &["a"])],
                "step 'a' depends on itself",
            ),
            (
                vec![step("a", "writer", &["z"])],
                "step 'a' depends on 'z', which is not a step of the plan",
            ),
            (
                vec![step("a", "writer", &[]), step("a", "code", &[])],
                "step id 'a' is used twice",
            ),
            (vec![step(" ", "writer", &[])], "step 1 has an empty id"),
            (vec![], "the plan has no steps"),
        ];
        for (steps, message) in cases {
            assert_eq!(check(steps), Err(message.to_owned()));
        }
        let mut blank = step("a", "writer", &[]);
        blank.description = "\n".to_owned();
        assert_eq!(
            check(vec![blank]),
            Err("step 'a' has an empty description".to_owned())
        );
    }

    #[test]
    fn the_step_budget_is_enforced() {
        let steps: Vec<_> = (0..=MAX_STEPS)
            .map(|i| step(&format!("s{i}"), "writer", &[]))
            .collect();
        assert_eq!(
            check(steps),
            Err(format!(
                "the plan has {} steps; at most {MAX_STEPS} are allowed",
                MAX_STEPS + 1
            ))
        );
    }
}
