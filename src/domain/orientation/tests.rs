//! Table-driven tests of the orientation engine.
