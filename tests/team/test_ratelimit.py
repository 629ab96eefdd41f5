"""The login rate limit as a pure rule."""

from threadline.team.ratelimit import LoginLimit


def test_five_failures_within_the_window_block_until_the_oldest_ages_out():
    limit = LoginLimit(failures=5, window=900)
    assert limit.retry_after([], 1000) is None
    assert limit.retry_after([100, 200, 300, 400], 500) is None
    assert limit.retry_after([100, 200, 300, 400, 500], 600) == 400  # blocked until 100 + 900
    assert limit.retry_after([100, 200, 300, 400, 500], 1001) is None  # 100 has aged out
    assert limit.retry_after([10, 100, 200, 300, 400, 500, 600], 700) == 400  # the 5th newest (200) decides


def test_the_wait_is_at_least_a_second():
    assert LoginLimit(failures=1, window=10).retry_after([99.99], 109.98) == 1
