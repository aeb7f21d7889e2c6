"""What every format module shares and the package needs before it can import them."""

# Added to the sniff score of formats with an unmistakable signature (WEBVTT header, SRT timing lines,
# JSON of the right shape), so they win over line-based formats that happen to match a few lines.
SIGNATURE = 1_000_000
