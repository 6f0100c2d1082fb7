//! NumPy's descr as JSON, for `info --json`.

use npio::npy::DType;
use serde_json::{Value, json};

/// A type string such as `"<f8"`, or for records a list of `[name, descr]`
/// / `[name, descr, shape]` entries (a titled field's name is
/// `[title, name]`), padding gaps included as `["", "|Vn"]` exactly as
/// NumPy's descr lists them.
pub fn descr(dtype: &DType) -> Value {
    let Some(record) = dtype.as_record() else {
        return Value::String(dtype.type_str().unwrap_or_default());
    };
    let mut out = Vec::new();
    let mut offset = 0;
    for f in record.fields() {
        if f.offset > offset {
            out.push(json!(["", format!("|V{}", f.offset - offset)]));
        }
        let name = match &f.title {
            Some(t) => json!([t, f.name]),
            None => json!(f.name),
        };
        let mut entry = vec![name, descr(&f.dtype)];
        if !f.shape.is_empty() {
            entry.push(json!(f.shape));
        }
        out.push(Value::Array(entry));
        offset = f.offset + f.size();
    }
    if record.itemsize() > offset {
        out.push(json!(["", format!("|V{}", record.itemsize() - offset)]));
    }
    Value::Array(out)
}
