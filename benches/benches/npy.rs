//! Criterion benches of .npy reading and writing (64 MiB of f64).

use criterion::{BenchmarkId, Criterion, Throughput, criterion_main};
use ndarray::{Array1, ArrayD};
use npy_format::{NpyArray, ReadNpyExt, WriteNpyExt};
use std::hint::black_box;

const N: usize = 8 << 20;

fn bench_npy(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let a = Array1::from_shape_fn(N, |i| i as f64 * 0.5);
    let native = dir.path().join("native.npy");
    npy_format::write_npy(&native, &a).unwrap_or_else(|e| panic!("{e}"));
    let mut be_bytes = Vec::new();
    a.write_npy(&mut be_bytes).unwrap_or_else(|e| panic!("{e}"));
    // Same values, big-endian: rewrite the header and swap the data.
    let swapped: Vec<u8> = {
        let dynamic = NpyArray::from_array(&a);
        let (h, data) = dynamic.into_parts();
        let dtype = npy_format::DType::parse_descr("'>f8'").unwrap_or_else(|e| panic!("{e}"));
        let mut out = npy_format::Header::new(dtype, h.shape, false)
            .to_bytes()
            .unwrap_or_else(|e| panic!("{e}"));
        out.extend(data.chunks_exact(8).flat_map(|c| c.iter().rev().copied()));
        out
    };
    let big = dir.path().join("big.npy");
    std::fs::write(&big, &swapped).unwrap_or_else(|e| panic!("{e}"));

    let mut g = c.benchmark_group("npy");
    g.throughput(Throughput::Bytes((N * 8) as u64));
    g.sample_size(10);
    g.bench_function(BenchmarkId::new("read_npy", "native"), |b| {
        b.iter(|| black_box(npy_format::read_npy::<_, ArrayD<f64>>(&native).map(|a| a.len())))
    });
    g.bench_function(BenchmarkId::new("read_npy", "big-endian"), |b| {
        b.iter(|| black_box(npy_format::read_npy::<_, ArrayD<f64>>(&big).map(|a| a.len())))
    });
    g.bench_function(BenchmarkId::new("read", "plain fs::read"), |b| {
        b.iter(|| black_box(std::fs::read(&native).map(|v| v.len())))
    });
    g.bench_function(BenchmarkId::new("read_npy", "from memory"), |b| {
        b.iter(|| black_box(Array1::<f64>::read_npy(&be_bytes[..]).map(|a| a.len())))
    });
    let out = dir.path().join("out.npy");
    g.bench_function(BenchmarkId::new("write_npy", "native"), |b| {
        b.iter(|| black_box(npy_format::write_npy(&out, &a)))
    });
    g.finish();
}

mod group {
    #![allow(missing_docs)]
    criterion::criterion_group!(benches, super::bench_npy);
}

criterion_main!(group::benches);
