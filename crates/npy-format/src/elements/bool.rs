//! `bool` as NumPy's `|b1`: one byte, 0 or 1.

use super::{ReadableElement, WritableElement, expect_dtype};
use crate::dtype::{DType, ScalarKind};
use crate::io_util::read_pod_vec;
use crate::{ErrorKind, Result};
use std::io::{Read, Write};

impl WritableElement for bool {
    fn dtype() -> DType {
        DType::scalar(ScalarKind::Bool)
    }

    fn write_slice<W: Write + ?Sized>(slice: &[Self], writer: &mut W) -> Result<()> {
        let mut buf = [0u8; 8192];
        for chunk in slice.chunks(buf.len()) {
            for (b, &v) in buf.iter_mut().zip(chunk) {
                *b = u8::from(v);
            }
            writer.write_all(&buf[..chunk.len()])?;
        }
        Ok(())
    }
}

impl ReadableElement for bool {
    fn read_vec<R: Read + ?Sized>(
        reader: &mut R,
        dtype: &DType,
        len: usize,
        avail: Option<u64>,
    ) -> Result<Vec<Self>> {
        expect_dtype::<Self>(dtype)?;
        let bytes: Vec<u8> = read_pod_vec(reader, len, avail)?;
        if let Some(index) = bytes.iter().position(|&b| b > 1) {
            return Err(ErrorKind::InvalidBool {
                index,
                value: bytes[index],
            }
            .into());
        }
        Ok(bytes.into_iter().map(|b| b == 1).collect())
    }
}
