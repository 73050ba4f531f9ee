/**
 * Synthetic data for Pulse: {@link dev.pulse.producers.simulate.ProvinceGenerator} builds a whole year of a
 * realistic province (Điện Biên's real districts, invented communes and branches, pseudonymous
 * members and households) as the Avro records of SPEC.md, in a delivery order carrying the
 * {@link dev.pulse.producers.simulate.Mess} real branch systems make; {@link dev.pulse.producers.simulate.Simulator}
 * emits it over time to a {@link dev.pulse.producers.simulate.Sink} ({@link dev.pulse.producers.simulate.KafkaSink},
 * {@link dev.pulse.producers.simulate.GatewaySink}); {@link dev.pulse.producers.simulate.SimulateCommand} is
 * {@code pulse simulate}.
 */
package dev.pulse.producers.simulate;
