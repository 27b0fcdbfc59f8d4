package main

import "os"

func main() {
	os.Exit(mainWithSignals(os.Args[1:], os.Environ(), os.Stdout, os.Stderr))
}
