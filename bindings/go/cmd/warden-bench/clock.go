package main

import "time"

var start = time.Now()

// nanotime reads the monotonic clock (time.Since uses it).
func nanotime() int64 { return int64(time.Since(start)) }
