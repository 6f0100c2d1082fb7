//! A CSV-to-npz pipeline: read a table of readings with loadtxt's
//! options, split it into named columns, compute a summary, and store it
//! all in one compressed archive that `np.load` opens.
//!
//! ```sh
//! cargo run -p npio --example csv_to_npz                              # samples/readings.csv
//! cargo run -p npio --example csv_to_npz -- data.csv readings.npz     # your own
//! ```
//!
//! The input has a header line and the columns station, day, temp_c,
//! rain_mm (see `samples/readings.csv`).

use ndarray::{Array1, Array2, Axis, Ix1, Ix2};
use npio::text::LoadTxt;
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root.canonicalize().unwrap_or(root);
    let csv = args
        .next()
        .unwrap_or_else(|| root.join("samples/readings.csv"));
    let tmp = tempfile::tempdir()?;
    let npz = args
        .next()
        .unwrap_or_else(|| tmp.path().join("readings.npz"));

    // np.loadtxt(csv, delimiter=",", skiprows=1, dtype=float), each
    // option a setter; errors name the file's line and column.
    let table = LoadTxt::new()
        .delimiter(Some(','))
        .skiprows(1)
        .from_path(&csv)?;
    let table: Array2<f64> = table.to_array()?;
    println!(
        "{}: {} rows x {} columns",
        csv.display(),
        table.nrows(),
        table.ncols()
    );

    // The integer columns as integers, the measurements as floats:
    // np.loadtxt(..., usecols=(0, 1), dtype=int) done once more, reading
    // only those columns.
    let ids: Array2<i32> = LoadTxt::new()
        .delimiter(Some(','))
        .skiprows(1)
        .usecols(&[0, 1])
        .dtype(npio::dtype::<i32>())
        .from_path(&csv)?
        .to_array()?;
    let station: Array1<i32> = ids.column(0).to_owned();
    let day: Array1<i32> = ids.column(1).to_owned();
    let temp: Array1<f64> = table.column(2).to_owned();
    let rain: Array1<f64> = table.column(3).to_owned();

    // A summary: mean temperature and total rain per station.
    let mut stations: Vec<i32> = station.to_vec();
    stations.sort_unstable();
    stations.dedup();
    let mut summary = Array2::<f64>::zeros((stations.len(), 3));
    for (row, &s) in stations.iter().enumerate() {
        let rows: Vec<usize> = (0..station.len()).filter(|&i| station[i] == s).collect();
        let t = temp.select(Axis(0), &rows);
        let r = rain.select(Axis(0), &rows);
        summary[[row, 0]] = s as f64;
        summary[[row, 1]] = t.mean().unwrap_or(f64::NAN);
        summary[[row, 2]] = r.sum();
    }

    // np.savez_compressed(npz, station=..., day=..., ...): element types
    // may differ from member to member.
    npio::savez_compressed(
        &npz,
        &[
            ("station", &station),
            ("day", &day),
            ("temp_c", &temp),
            ("rain_mm", &rain),
            ("summary", &summary),
        ],
    )?;

    // Read it back as np.load would: lazily, member by member.
    let mut archive = npio::load(&npz)?.into_archive()?;
    println!("{}: members {:?}", npz.display(), archive.names());
    let back: Array2<f64> = archive.by_name::<f64, Ix2>("summary")?;
    for row in back.rows() {
        println!(
            "station {}: mean {:.2} °C, rain {:.1} mm",
            row[0], row[1], row[2]
        );
    }
    assert_eq!(archive.by_name::<i32, Ix1>("station")?, station);
    assert_eq!(back, summary);
    Ok(())
}
