use std::process::ExitCode;

fn main() -> ExitCode {
    toolhost::cli::main()
}
