"""Evaluation codes: 10 characters of an unambiguous 32-letter alphabet (50 bits), printed
XXXXX-XXXXX, read leniently, stored as SHA-256."""

import hashlib
import math
import re

from liaison.evaluation import codes


def test_codes_are_fifty_random_bits_in_two_groups_of_an_unambiguous_alphabet():
    assert len(codes.ALPHABET) == len(set(codes.ALPHABET)) == 32
    assert not set("01IO") & set(codes.ALPHABET)
    assert codes.LENGTH * math.log2(len(codes.ALPHABET)) == codes.BITS == 50
    made = {codes.new_code() for _ in range(2000)}
    assert len(made) == 2000
    assert all(re.fullmatch(r"[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}", c) for c in made)


def test_what_a_person_types_is_read_leniently_and_anything_else_is_no_code():
    assert codes.normalise("7kq2m-xh4pd") == "7KQ2MXH4PD"
    assert codes.normalise(" 7KQ2M XH4PD ") == "7KQ2MXH4PD"
    assert codes.normalise("７ＫＱ２Ｍ－ＸＨ４ＰＤ") == "7KQ2MXH4PD"  # a Chinese input method
    for bad in (None, "", "7KQ2M-XH4P", "7KQ2M-XH4PDD", "7KQ2M-XH4P0", "OKQ2M-XH4PD",
                "7KQ2M-XH4P1", "7KQ2M;XH4PD", "A" * 41, "' OR 1=1 --"):
        assert codes.normalise(bad) is None, bad
        assert codes.digest_of(bad) is None


def test_only_the_sha256_of_the_ten_characters_is_stored():
    assert codes.digest_of("7kq2m-xh4pd") == hashlib.sha256(b"7KQ2MXH4PD").hexdigest()
    assert codes.digest_of("7KQ2MXH4PD") == codes.digest("7KQ2MXH4PD")
