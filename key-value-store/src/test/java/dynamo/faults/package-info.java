/** Network faults for tests: iptables rules that cut off one node or make its links lossy, tagged and always removed. */
package dynamo.faults;
