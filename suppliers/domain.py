"""Pure rules about suppliers. No Django imports."""

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def normalise_cvr(value: str) -> str:
    """Strip the spaces and a leading 'DK' that people type around a CVR number."""
    cleaned = value.strip().upper().replace(" ", "").replace("-", "")
    return cleaned.removeprefix("DK")


def is_valid_cvr(value: str) -> bool:
    """True when value is eight digits, not starting with 0, passing the modulus-11 check."""
    if len(value) != 8 or not value.isdigit() or value[0] == "0":
        return False
    return sum(int(d) * w for d, w in zip(value, CVR_WEIGHTS, strict=True)) % 11 == 0
