//! Progress of long commands on stderr: a line each tenth of the way, once the work has taken
//! more than a second (a small demo or list says nothing).

use std::time::Instant;

/// `fraction` (0 to 1) of `label` done, said as « 40 % label… ».
pub fn tenths_on_stderr(label: &'static str) -> impl FnMut(f64) {
    let start = Instant::now();
    let mut said = 0;
    move |fraction: f64| {
        let tenth = (fraction * 10.0).floor() as i64;
        if tenth > said && start.elapsed().as_secs_f64() > 1.0 {
            eprintln!("{:>3} % {label}…", tenth * 10);
            said = tenth;
        }
    }
}
