"""The observatorio: anonymous figures for the programmes (counters, reports) and women's word on
the services they were sent to. flows.features imports its modules (questions, reports); this
package file stays empty so any flow can import flows.observatorio.ports for its one-line count."""
