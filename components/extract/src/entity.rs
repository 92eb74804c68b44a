//! The entity record every extractor produces, as API.md's `Entity` type.

use serde::{Deserialize, Serialize};

/// Kinds of entity, spelled as in the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityType {
    /// Purchase-order number.
    PoNumber,
    /// Quote number.
    QuoteNumber,
    /// Support case or ticket number.
    CaseNumber,
    /// Sales-order number.
    OrderNumber,
    /// Parcel tracking number (check digit validated).
    TrackingNumber,
    /// Part number or SKU.
    PartNumber,
    /// Money amount with currency.
    Amount,
    /// Calendar date (absolute or relative).
    Date,
    /// E-mail address.
    EmailAddress,
    /// Telephone number.
    PhoneNumber,
    /// A person's name.
    Person,
    /// An organisation's name.
    Company,
    /// A vendor product with its model.
    Product,
}

impl EntityType {
    /// Every type, in API order.
    pub const ALL: [Self; 13] = [
        Self::PoNumber,
        Self::QuoteNumber,
        Self::CaseNumber,
        Self::OrderNumber,
        Self::TrackingNumber,
        Self::PartNumber,
        Self::Amount,
        Self::Date,
        Self::EmailAddress,
        Self::PhoneNumber,
        Self::Person,
        Self::Company,
        Self::Product,
    ];

    /// The API spelling (`po_number`, ...).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PoNumber => "po_number",
            Self::QuoteNumber => "quote_number",
            Self::CaseNumber => "case_number",
            Self::OrderNumber => "order_number",
            Self::TrackingNumber => "tracking_number",
            Self::PartNumber => "part_number",
            Self::Amount => "amount",
            Self::Date => "date",
            Self::EmailAddress => "email_address",
            Self::PhoneNumber => "phone_number",
            Self::Person => "person",
            Self::Company => "company",
            Self::Product => "product",
        }
    }

    /// Parses the API spelling.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

/// How an entity was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// By the rules of this crate.
    Rule,
    /// By a language model (kept only when its text occurs in the input).
    Llm,
}

/// A normalized amount of money.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Money {
    /// The amount as a number.
    pub value: f64,
    /// ISO 4217 currency code.
    pub currency: String,
}

/// The normalized form of an entity's value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Normalized {
    /// Amounts: number plus ISO currency.
    Money(Money),
    /// Dates (ISO 8601), phone numbers (E.164), identifiers (upper case) and e-mail addresses
    /// (lower case).
    Text(String),
}

/// One entity found in a text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// What kind of entity it is.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// The entity's text exactly as it occurs in the input (`&text[span.0..span.1]`).
    pub value: String,
    /// The normalized value, when there is one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub normalized: Option<Normalized>,
    /// Byte offsets `[start, end)` into the input; both on char boundaries.
    pub span: (usize, usize),
    /// How sure the rule is, in `0..=1`.
    pub confidence: f64,
    /// Which phase found it.
    pub method: Method,
}

impl Entity {
    /// A rule-found entity covering `text[start..end]`.
    #[must_use]
    pub fn rule(kind: EntityType, text: &str, start: usize, end: usize, confidence: f64) -> Self {
        Self {
            kind,
            value: text[start..end].to_owned(),
            normalized: None,
            span: (start, end),
            confidence,
            method: Method::Rule,
        }
    }

    /// The same entity with a normalized value.
    #[must_use]
    pub fn with_normalized(mut self, normalized: Option<Normalized>) -> Self {
        self.normalized = normalized;
        self
    }

    /// True when the two spans share at least one byte.
    #[must_use]
    pub fn overlaps(&self, other: &Self) -> bool {
        self.span.0 < other.span.1 && other.span.0 < self.span.1
    }
}
