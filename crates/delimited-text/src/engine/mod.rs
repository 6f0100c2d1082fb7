//! The engine every front-end drives: input and decoding, lines, the
//! tokenizer family, value parsing, in-order joining of parallel work and
//! output shaping. Nothing here knows `LoadTxt`, `GenFromTxt` or
//! `SaveTxt`; each stage takes what it needs as plain arguments or a
//! small struct of its own.

pub(crate) mod compress;
pub(crate) mod datetime;
pub(crate) mod in_order;
pub(crate) mod input;
pub(crate) mod lines;
pub(crate) mod longdouble;
pub(crate) mod pyparse;
pub(crate) mod shape;
pub(crate) mod tokenize;
pub(crate) mod transcode;
pub(crate) mod values;
