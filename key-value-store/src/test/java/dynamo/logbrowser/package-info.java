/** Browser tests of the log browser (logging/browser/) on a real node logging through rsyslog. */
package dynamo.logbrowser;
