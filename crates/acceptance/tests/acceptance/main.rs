//! Integration tests of innocity-acceptance against `contracts/acceptance.md`: recusal and
//! draws (`draws`), scoring (`scores`), input validation (`parse`) and property tests (`props`).

mod common;
mod draws;
mod parse;
mod props;
mod scores;
