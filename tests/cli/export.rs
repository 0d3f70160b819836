//! `export appointments`: RFC 4180 CSV (or JSON lines), filters, files written atomically.

use crate::harness::*;

const HEADER: &str = "id,date,time,status,patient,dni,doctor,specialty,price,amount_paid,payment_method,\
created_at,end_time,document_type,currency,refunded,receipt_number,cancelled_by,cancel_reason,patient_id,doctor_id";

#[test]
fn an_empty_agenda_exports_just_the_header() {
    let env = Env::admin();
    let out = env.run(&["export", "appointments"]);
    assert_eq!(out.ok().stdout.trim_end(), HEADER);
    let out = env.run(&["export", "appointments", "--delimiter", ";", "--bom"]);
    assert!(
        out.ok().stdout.starts_with("\u{feff}id;date;time;"),
        "{}",
        out.stdout
    );
    let out = env.run(&["--format", "json", "export", "appointments"]);
    assert_eq!(out.ok().stdout, "", "JSON lines: no rows, no lines");
}

#[test]
fn export_needs_a_session() {
    let env = Env::admin();
    env.run(&["logout"]).ok();
    env.run(&["export", "appointments"]).code(3);
}

#[test]
fn bad_options_are_invalid_input() {
    let env = Env::admin();
    for args in [
        vec!["export", "appointments", "--delimiter", "ab"],
        vec!["export", "appointments", "--delimiter", "\""],
        vec!["export", "appointments", "--from", "2026-13-01"],
        vec![
            "export",
            "appointments",
            "--from",
            "2026-03-05",
            "--to",
            "2026-03-01",
        ],
        vec!["export", "appointments", "--status", "paid"],
    ] {
        let out = env.run(&args);
        out.code(2);
        assert!(out.stdout.is_empty(), "{args:?}: {}", out.stdout);
    }
    env.run(&["export", "appointments", "--doctor", "ffffffff"])
        .code(4);
}

#[test]
fn output_file_is_not_overwritten_without_force() {
    let env = Env::admin();
    let file = env.path("agenda.csv");
    std::fs::write(&file, "keep me").unwrap();
    let out = env.run(&["export", "appointments", "-o", file.to_str().unwrap()]);
    out.code(5);
    assert!(out.stderr.contains("--force"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
    env.run(&["export", "appointments", "-o", file.to_str().unwrap(), "--force"])
        .ok();
    assert_eq!(std::fs::read_to_string(&file).unwrap().trim_end(), HEADER);
    let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temp file left behind");
}

/// Parses an export (optionally with a BOM and another delimiter) with the csv crate.
fn parse(bytes: &[u8], delimiter: u8) -> (Vec<String>, Vec<csv::StringRecord>) {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut r = csv::ReaderBuilder::new().delimiter(delimiter).from_reader(bytes);
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r.records().collect::<Result<Vec<_>, _>>().unwrap();
    (header, rows)
}

fn col(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap()
}

#[test]
fn export_round_trips_through_a_csv_parser_with_filters() {
    use crate::payment::{booked, id, json, pay_card};
    let env = Env::admin();
    let a = booked(&env, "45678912");
    let b = booked(&env, "45678913");
    let c = booked(&env, "45678914");
    env.run(&["pay", id(&a), "--method", "cash"]).ok();
    pay_card(&env, id(&b), "4111111111111111\n12/28\n123", &[]).ok();
    env.run(&[
        "appointment",
        "cancel",
        id(&b),
        "--by",
        "patient",
        "--reason",
        "viaje, \"urgente\" (vuelve en abril)",
    ])
    .ok();

    let file = env.path("agenda.csv");
    env.run(&["export", "appointments", "-o", file.to_str().unwrap()])
        .ok();
    let (header, rows) = parse(&std::fs::read(&file).unwrap(), b',');
    assert_eq!(header.join(","), HEADER);
    assert_eq!(rows.len(), 3);
    let row = |appt: &serde_json::Value| rows.iter().find(|r| &r[0] == id(appt)).unwrap().clone();
    let (ra, rb, rc) = (row(&a), row(&b), row(&c));
    let price = |v: &serde_json::Value| format!("{:.2}", v["price_cents"].as_f64().unwrap() / 100.0);
    assert_eq!(&ra[col(&header, "status")], "confirmed");
    assert_eq!(&ra[col(&header, "dni")], "45678912");
    assert_eq!(&ra[col(&header, "patient")], "Ana Quispe Mamani");
    assert_eq!(ra[col(&header, "price")], price(&a));
    assert_eq!(ra[col(&header, "amount_paid")], price(&a));
    assert_eq!(&ra[col(&header, "payment_method")], "cash");
    assert_eq!(&ra[col(&header, "receipt_number")], "1");
    assert_eq!(&ra[col(&header, "date")], &a["start"].as_str().unwrap()[..10]);
    assert_eq!(&ra[col(&header, "time")], &a["start"].as_str().unwrap()[11..]);
    assert_eq!(&rb[col(&header, "status")], "cancelled");
    assert_eq!(
        &rb[col(&header, "amount_paid")],
        "0.00",
        "refunded on cancellation"
    );
    assert_eq!(rb[col(&header, "refunded")], price(&b));
    assert_eq!(
        &rb[col(&header, "cancel_reason")],
        "viaje, \"urgente\" (vuelve en abril)",
        "quotes and commas survive"
    );
    assert_eq!(&rc[col(&header, "status")], "booked");
    assert_eq!(&rc[col(&header, "amount_paid")], "0.00");
    assert_eq!(&rc[col(&header, "payment_method")], "");

    let count = |extra: &[&str]| {
        let mut args = vec!["export", "appointments"];
        args.extend_from_slice(extra);
        parse(env.run(&args).ok().stdout.as_bytes(), b',').1.len()
    };
    assert_eq!(count(&["--status", "confirmed"]), 1);
    assert_eq!(count(&["--status", "cancelled"]), 1);
    assert_eq!(count(&["--to", "2026-03-01"]), 0);
    assert_eq!(count(&["--from", "2026-03-02", "--to", "2026-04-30"]), 3);
    let doctor_of = |v: &serde_json::Value| v["doctor_id"].as_str().unwrap().to_string();
    let used = [doctor_of(&a), doctor_of(&b), doctor_of(&c)];
    let with_a_doctor = used.iter().filter(|d| **d == used[0]).count();
    assert_eq!(count(&["--doctor", &used[0]]), with_a_doctor);
    let other_doctor = json(&env, &["doctor", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .find(|d| !used.contains(d))
        .unwrap();
    assert_eq!(count(&["--doctor", &other_doctor]), 0);

    // Spanish-locale Excel: BOM, semicolons, decimal comma.
    let out = env.run(&["export", "appointments", "--delimiter", ";", "--bom"]);
    let (header, rows) = parse(out.ok().stdout.as_bytes(), b';');
    assert_eq!(rows.len(), 3);
    let ra = rows.iter().find(|r| &r[0] == id(&a)).unwrap();
    assert_eq!(ra[col(&header, "price")], price(&a).replace('.', ","));

    // JSON lines: one object per appointment.
    let out = env.run(&["--format", "json", "export", "appointments"]);
    let lines: Vec<serde_json::Value> = out
        .ok()
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    let la = lines.iter().find(|l| l["id"] == a["id"]).unwrap();
    assert_eq!(la["amount_paid_cents"], a["price_cents"]);
    assert_eq!(la["price_cents"], a["price_cents"]);
}

#[test]
fn export_help() {
    let out = Env::empty().run(&["export", "appointments", "--help"]);
    insta::assert_snapshot!("saludya_export_appointments_help", out.ok().stdout);
    assert!(out.stdout.contains("Ejemplos:"));
}

#[test]
fn whole_output_of_an_export_with_a_paid_appointment() {
    let env = Env::admin();
    let a = crate::payment::booked(&env, "45678912");
    let id = crate::payment::id(&a).to_string();
    env.run(&format!("pay {id} --method cash")).ok();
    insta::assert_snapshot!(env.run("export appointments"), @r#"
        id,date,time,status,patient,dni,doctor,specialty,price,amount_paid,payment_method,created_at,end_time,document_type,currency,refunded,receipt_number,cancelled_by,cancel_reason,patient_id,doctor_id
        019caed9-4300-7000-8050-0000f347fc1e,2026-03-02,09:00,confirmed,Ana Quispe Mamani,45678912,Carmen Rosa Flores Vargas,Medicina General,70.00,70.00,cash,2026-03-02T14:00:00Z,09:15,dni,PEN,0.00,1,,,019caed9-4300-7000-8030-0000b9196929,019caed9-4300-7000-8010-0021a746b5fd
        ------- stderr -------
        1 cita exportada.
    "#);
    insta::assert_snapshot!(env.run("--format json export appointments"), @r#"
        {"id":"019caed9-4300-7000-8050-0000f347fc1e","date":"2026-03-02","time":"09:00","status":"confirmed","patient":"Ana Quispe Mamani","dni":"45678912","doctor":"Carmen Rosa Flores Vargas","specialty":"Medicina General","price_cents":7000,"price":"S/ 70.00","amount_paid_cents":7000,"amount_paid":"S/ 70.00","payment_method":"cash","created_at":"2026-03-02T14:00:00Z","end_time":"09:15","document_type":"dni","currency":"PEN","refunded_cents":0,"receipt_number":1,"cancelled_by":null,"cancel_reason":null,"patient_id":"019caed9-4300-7000-8030-0000b9196929","doctor_id":"019caed9-4300-7000-8010-0021a746b5fd"}
        ------- stderr -------
        1 cita exportada.
    "#);
}

/// Counts are said with the right plural, in both languages.
#[test]
fn the_export_count_has_the_right_plural() {
    let env = Env::admin();
    let none = env.run("export appointments --from 2030-01-01 --to 2030-01-31");
    assert!(none.stderr.contains("0 citas exportadas."), "{}", none.stderr);
    crate::payment::booked(&env, "45678912");
    let one = env.run("--lang en export appointments");
    assert!(one.stderr.contains("1 appointment exported."), "{}", one.stderr);
}
