/** Faults for multi-process tests: iptables rules that cut off one node or make its links lossy, tagged and always removed; a slow link through a delaying relay; stalled disks (fsfreeze on a loop device per node). */
package dynamo.faults;
