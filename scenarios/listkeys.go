package scenarios

// IsListKey reports whether key takes a list (weights.preference,
// calendar.days, calendar.periods): comma-separated items in an override,
// a YAML sequence in a file. It is false for unknown keys.
func IsListKey(key string) bool {
	f, ok := fieldOf(key)
	return ok && f.list
}
