// Package xlsx writes workbooks: a small Office Open XML (SpreadsheetML)
// writer for plan.xlsx (package output) and for CSV files saved as
// workbooks (FromCSV: placement gen --xlsx, tests). It depends on nothing
// but the standard library; reading workbooks is excelize's job
// (package model).
//
// Each sheet is rendered straight into its deflated zip entry, the sheets
// in parallel; the bytes depend only on the content, never on timing or
// the number of cores.
package xlsx
