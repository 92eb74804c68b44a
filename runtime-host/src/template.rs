//! Chat-prompt rendering with the model's own template, or a documented default.
//!
//! The GGUF key `tokenizer.chat_template` is used when llama.cpp recognises it. When a model has
//! none (the gemma3 base model on PyPI, for one) or llama.cpp cannot render it, a built-in
//! llama.cpp template is used instead: `gemma` (`<start_of_turn>user … <end_of_turn>`) for
//! gemma-family models, `chatml` (`<|im_start|>user … <|im_end|>`) for everything else. The
//! choice is reported by `/v1/models` as `chat_template` (`"model"`, `"default:gemma"` or
//! `"default:chatml"`).

use llama_cpp_2::model::{LlamaChatMessage, LlamaChatTemplate, LlamaModel};

/// Why a conversation could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// A role or content contains a NUL byte.
    #[error("message text must not contain NUL bytes")]
    Nul,
    /// llama.cpp failed to apply the template.
    #[error("the chat template could not render these messages: {0}")]
    Render(String),
}

/// The template in use and where it came from.
#[derive(Debug)]
pub struct ChatTemplate {
    template: LlamaChatTemplate,
    label: String,
}

impl ChatTemplate {
    /// Picks the model's template if llama.cpp can render it, else the default for its family.
    ///
    /// # Errors
    /// Only if the built-in template name cannot be turned into a C string (never in practice).
    pub fn for_model(model: &LlamaModel) -> anyhow::Result<Self> {
        if let Ok(template) = model.chat_template(None) {
            let candidate = Self {
                template,
                label: "model".to_owned(),
            };
            if candidate
                .render(model, &[("user".to_owned(), "hi".to_owned())])
                .is_ok()
            {
                return Ok(candidate);
            }
            tracing::warn!(
                "the model's chat template is not supported by llama.cpp; using a default"
            );
        }
        let arch = model
            .meta_val_str("general.architecture")
            .unwrap_or_default();
        let name = if arch.starts_with("gemma") {
            "gemma"
        } else {
            "chatml"
        };
        Ok(Self {
            template: LlamaChatTemplate::new(name)?,
            label: format!("default:{name}"),
        })
    }

    /// `"model"` or `"default:<name>"`.
    #[must_use]
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Renders `(role, content)` pairs into a prompt ending with the assistant's turn opener.
    ///
    /// # Errors
    /// [`TemplateError`] on NUL bytes or when llama.cpp fails.
    pub fn render(
        &self,
        model: &LlamaModel,
        messages: &[(String, String)],
    ) -> Result<String, TemplateError> {
        let chat = messages
            .iter()
            .map(|(role, content)| LlamaChatMessage::new(role.clone(), content.clone()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| TemplateError::Nul)?;
        model
            .apply_chat_template(&self.template, &chat, true)
            .map_err(|e| TemplateError::Render(e.to_string()))
    }
}
