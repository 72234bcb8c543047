//! Reports and exports (CSV, XLSX, JSON, project sheets): built with the reports issue.
