//! How long work tells its front end how far it has got, without knowing the front end: the demo
//! generator, the export, a batch, a backup take a `&dyn Progress`; the CLI passes a bar drawn on
//! a terminal (`cli::progress`), tests and the TUI pass [`Silent`].

/// What the work is counted in (the bar shows a rate and a size accordingly).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Things: patients, appointments, rows.
    Items,
    /// Bytes of a file being written or read.
    Bytes,
}

/// Told how far long work has got. `Send + Sync` so it may be told from a SQLite progress
/// handler or another thread.
pub trait Progress: Send + Sync {
    /// The work is `total` units (called again if a new stage starts).
    fn start(&self, total: u64, unit: Unit);
    /// `n` more units are done.
    fn advance(&self, n: u64);
    /// `done` units are done in all (for work that measures where it is rather than steps).
    fn reached(&self, done: u64);
    /// The work is over (the bar goes away).
    fn finish(&self);
    /// Whether anyone watches: work that must do something extra to measure itself (a thread
    /// watching a file grow) skips it when not.
    fn watched(&self) -> bool {
        true
    }
}

/// Progress nobody watches.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _total: u64, _unit: Unit) {}
    fn advance(&self, _n: u64) {}
    fn reached(&self, _done: u64) {}
    fn finish(&self) {}
    fn watched(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone, Utc};
    use std::sync::Mutex;

    /// Progress that writes down what it is told.
    #[derive(Default)]
    struct Recorder {
        total: Mutex<Option<(u64, Unit)>>,
        done: Mutex<u64>,
        finished: Mutex<bool>,
    }

    impl Progress for Recorder {
        fn start(&self, total: u64, unit: Unit) {
            *self.total.lock().unwrap() = Some((total, unit));
            *self.done.lock().unwrap() = 0;
        }
        fn advance(&self, n: u64) {
            *self.done.lock().unwrap() += n;
        }
        fn reached(&self, done: u64) {
            *self.done.lock().unwrap() = done;
        }
        fn finish(&self) {
            *self.finished.lock().unwrap() = true;
        }
    }

    #[test]
    fn the_demo_generator_reports_every_patient_and_appointment() {
        let conn = crate::db::open_in_memory().unwrap();
        let now = Utc.with_ymd_and_hms(2026, 3, 2, 14, 0, 0).unwrap();
        crate::domain::catalog::fixtures::load(&conn.autocommit(), now).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let patients = Recorder::default();
        let mut generator = crate::demo::SampleGen::new(1, today);
        let n = crate::demo::add_samples_with(&conn, &mut generator, 7_000, None, now, &patients).unwrap();
        assert_eq!(n, 7_000);
        assert_eq!(*patients.total.lock().unwrap(), Some((7_000, Unit::Items)));
        assert_eq!(*patients.done.lock().unwrap(), 7_000, "both batches told");
        assert!(*patients.finished.lock().unwrap());
        let appointments = Recorder::default();
        let tz: chrono_tz::Tz = "America/Lima".parse().unwrap();
        let report =
            crate::demo::volume::fill_with(&conn, 1_200, 3, None, now, tz, "PEN", &appointments).unwrap();
        assert_eq!(report.appointments, 1_200);
        assert_eq!(*appointments.total.lock().unwrap(), Some((1_200, Unit::Items)));
        assert_eq!(*appointments.done.lock().unwrap(), 1_200);
        assert!(*appointments.finished.lock().unwrap());
    }

    #[test]
    fn db_copy_reports_every_row_it_copies() {
        let dir = tempfile::tempdir().unwrap();
        let now = Utc.with_ymd_and_hms(2026, 3, 2, 14, 0, 0).unwrap();
        let from = crate::db::create(&dir.path().join("from.db")).unwrap();
        crate::domain::catalog::fixtures::load(&from.autocommit(), now).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        crate::demo::add_samples(&from, &mut crate::demo::SampleGen::new(5, today), 40, None, now).unwrap();
        let to = crate::db::create(&dir.path().join("to.db")).unwrap();
        let rows = Recorder::default();
        let report = crate::db::copy::copy_with(&from, &to, |_| {}, &rows).unwrap();
        let copied: u64 = report.iter().map(|t| t.rows).sum();
        assert!(copied > 40, "{report:?}");
        assert_eq!(*rows.total.lock().unwrap(), Some((copied, Unit::Items)));
        assert_eq!(*rows.done.lock().unwrap(), copied);
        assert!(*rows.finished.lock().unwrap());
    }

    #[test]
    fn backup_and_restore_report_bytes_and_finish() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("clinic.db");
        let conn = crate::db::create(&db).unwrap();
        let copy = dir.path().join("copy.db");
        let watched = Recorder::default();
        crate::db::backup::backup_to_with(
            conn.sqlite().unwrap(),
            &db,
            &copy,
            false,
            crate::i18n::Lang::Es,
            &watched,
        )
        .unwrap();
        let (total, unit) = watched.total.lock().unwrap().unwrap();
        assert_eq!(unit, Unit::Bytes);
        assert!(total > 0);
        assert!(*watched.done.lock().unwrap() <= total);
        assert!(*watched.finished.lock().unwrap());
        drop(conn);
        let restored = dir.path().join("restored.db");
        let copying = Recorder::default();
        let now = Utc.with_ymd_and_hms(2026, 3, 2, 14, 0, 0).unwrap();
        crate::db::backup::restore_with(&restored, &copy, false, now, crate::i18n::Lang::Es, &copying)
            .unwrap();
        let size = std::fs::metadata(&copy).unwrap().len();
        assert_eq!(*copying.total.lock().unwrap(), Some((size, Unit::Bytes)));
        assert_eq!(*copying.done.lock().unwrap(), size, "every byte copied was told");
        assert!(*copying.finished.lock().unwrap());
    }
}
