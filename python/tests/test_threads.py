"""check_many / check_iter: order, threads, bounded consumption, sharing a checker."""

from __future__ import annotations

import concurrent.futures
import itertools

import pytest

import zhproof

SENTENCES = ["我们要再接再励。", "今天天气很好。", "按装设备，布署任务。", "𠮷截止目前。", ""]


def corpus(n):
    return [f"第{i}段：" + SENTENCES[i % len(SENTENCES)] * (1 + i % 3) for i in range(n)]


@pytest.mark.parametrize("threads", [None, 1, 2, 3])
def test_check_many_equals_sequential_in_order(checker, threads):
    texts = corpus(700)
    expected = [checker.check(t) for t in texts]
    assert checker.check_many(texts, threads=threads) == expected
    assert checker.check_many(iter(texts), threads=threads, batch_size=7) == expected


def test_generator_consumed_in_bounded_batches(checker):
    pulled = 0

    def gen():
        nonlocal pulled
        for i in itertools.count():
            pulled += 1
            yield "按装" if i % 2 else "好"

    it = checker.check_iter(gen(), threads=2, batch_size=50)
    first = next(it)
    assert first == []
    # at most two batches read (the one checked and the one prepared meanwhile), not the
    # (infinite) input
    assert 50 <= pulled <= 100
    rest = list(itertools.islice(it, 120))
    assert 150 <= pulled <= 200
    assert all((len(r) == 1) == (i % 2 == 0) for i, r in enumerate(rest))


def test_single_thread_reads_one_batch_at_a_time(checker):
    pulled = 0

    def gen():
        nonlocal pulled
        while True:
            pulled += 1
            yield "按装"

    it = checker.check_iter(gen(), threads=1, batch_size=10)
    next(it)
    assert pulled == 10


def test_long_texts_cut_batches_short(checker):
    # a batch stops once it holds 4 M characters, whatever batch_size says: memory stays
    # bounded for large pages
    pulled = 0
    big = "好" * 1_000_000

    def gen():
        nonlocal pulled
        for _ in range(40):
            pulled += 1
            yield big

    it = checker.check_iter(gen(), threads=2, batch_size=256)
    assert next(it) == []
    assert pulled <= 10  # two batches of four (not 2 x 256)
    assert sum(1 for _ in it) == 39


@pytest.mark.parametrize("threads", [1, 2])
def test_lone_surrogates_in_batches(checker, threads):
    texts = ["\ud800按装", "好", "再接再励\udfff"] * 50
    got = checker.check_many(texts, threads=threads, batch_size=16)
    assert got == [checker.check(t) for t in texts]
    for text, found in zip(texts, got):
        for f in found:
            assert text[f.start : f.end] == f.text


def test_check_many_empty_input(checker):
    assert checker.check_many([]) == []
    assert checker.check_many(iter(())) == []


def test_check_many_type_errors(checker):
    with pytest.raises(TypeError, match=r"texts\[1\] must be str, not int"):
        checker.check_many(["按装", 3])
    # the index is the item's place in the whole input, not in its batch
    for threads in (1, 2):
        with pytest.raises(TypeError, match=r"texts\[10\] must be str, not bytes"):
            checker.check_many(iter(["好"] * 10 + [b"x"]), threads=threads, batch_size=4)
    for bad in (0, -1):
        with pytest.raises(ValueError, match="batch_size must be at least 1"):
            checker.check_many(["a"], batch_size=bad)
    with pytest.raises(TypeError, match="batch_size must be int or None"):
        checker.check_many(["a"], batch_size="8")
    with pytest.raises(TypeError):
        checker.check_many(None)
    with pytest.raises(ValueError):
        checker.check_many(["a"], threads=0)
    with pytest.raises(TypeError):
        checker.check_many(["a"], threads="2")


def test_one_checker_shared_by_python_threads(checker):
    texts = corpus(200)
    expected = [checker.check(t) for t in texts]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        got = list(pool.map(checker.check, texts))
        batches = list(pool.map(lambda chunk: checker.check_many(chunk, threads=2), [texts[i : i + 50] for i in range(0, 200, 50)]))
    assert got == expected
    assert [f for b in batches for f in b] == expected


def test_process_pool_with_pickled_checker():
    # spawn: a fresh interpreter rebuilds the checker from its pickled configuration
    import multiprocessing

    c = zhproof.Checker(dictionary_texts=[("m.tsv", "内容规范\t内容合规\texpression\n")])
    texts = ["内容规范，按装", "干净"] * 4
    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(2, mp_context=ctx) as pool:
        got = list(pool.map(c.check, texts))
    assert got == [c.check(t) for t in texts]
    assert [f.text for f in got[0]] == ["内容规范", "按装"]


def test_forked_child_builds_its_own_pool(checker):
    # The parent's pool threads do not exist in a fork()ed child: it must not hang.
    import multiprocessing

    texts = ["按装", "好"] * 300
    expected = checker.check_many(texts, threads=2)  # the parent's pools exist now
    checker.check_many(texts)
    ctx = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=ctx) as pool:
        got = pool.submit(_check_many_in_child, texts).result(timeout=120)
    assert got == expected


def _check_many_in_child(texts):
    c = zhproof.Checker()
    return c.check_many(texts, threads=2) if c.check_many(texts) else None
