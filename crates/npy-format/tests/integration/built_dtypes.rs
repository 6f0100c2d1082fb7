//! Dtypes and arrays built in code: whatever the API accepts can be
//! written and read back; what no `.npy` can hold is refused up front.

use npy_format::{ByteOrder, DType, Header, NpyArray, Record, Scalar, ScalarKind};

fn int32() -> DType {
    DType::Scalar(Scalar::with_order(ScalarKind::Int(4), ByteOrder::Little))
}

#[test]
fn unnamed_void_fields_are_refused() {
    // Written, an unnamed plain void field reads back as padding.
    let void = DType::Scalar(Scalar::native(ScalarKind::Void(4)));
    assert!(Record::packed(vec![(String::new(), void, vec![])]).is_err());
    // Any other unnamed field is kept, as NumPy keeps it.
    let rec = Record::packed(vec![(String::new(), int32(), vec![])]).unwrap();
    let text = DType::Record(rec.clone()).descr_repr();
    assert_eq!(text, "[('', '<i4')]");
    assert_eq!(DType::parse_descr(&text).unwrap(), DType::Record(rec));
}

#[test]
fn records_beyond_numpys_item_size_are_refused() {
    let big = DType::Scalar(Scalar::native(ScalarKind::Void(1_000_000)));
    let fields = (0..3000)
        .map(|i| (format!("f{i}"), big.clone(), vec![]))
        .collect();
    assert!(Record::packed(fields).is_err());
}

#[test]
fn scalar_sizes_no_file_can_hold_are_refused() {
    for kind in [
        ScalarKind::Int(3),
        ScalarKind::UInt(5),
        ScalarKind::Float(3),
    ] {
        let header = Header::new(DType::scalar(kind), vec![2], false);
        assert!(
            matches!(
                header.to_bytes().unwrap_err().kind(),
                npy_format::ErrorKind::InvalidDescr { .. }
            ),
            "{kind:?}"
        );
        let len = header.data_len().unwrap_or(0);
        assert!(NpyArray::new(header, vec![0; len]).is_err(), "{kind:?}");
    }
    // What is accepted reads back.
    let header = Header::new(int32(), vec![2], false);
    let a = NpyArray::new(header, vec![1, 0, 0, 0, 2, 0, 0, 0]).unwrap();
    let mut bytes = Vec::new();
    a.write_npy(&mut bytes).unwrap();
    let back = npy_format::NpyReader::new(&bytes[..])
        .and_then(|r| r.read_dyn())
        .unwrap();
    assert_eq!(back, a);
}
