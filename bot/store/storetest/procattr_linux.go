package storetest

import "syscall"

// procAttr asks Linux to kill redis-server when the test process dies
// (e.g. on a test timeout), so no server outlives its test.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
