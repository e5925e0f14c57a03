//go:build !linux

package storetest

import "syscall"

// procAttr needs nothing special outside Linux.
func procAttr() *syscall.SysProcAttr { return nil }
