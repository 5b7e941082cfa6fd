package adjudicate

// maxMSG is the length of MSG01.
const maxMSG = 264

// truncateMSG keeps a message within the 264 characters of MSG01.
func truncateMSG(s string) string {
	if len(s) <= maxMSG {
		return s
	}
	return s[:maxMSG-3] + "..."
}
