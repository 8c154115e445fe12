#!/usr/bin/python3
"""Side-by-side benchmark: ./word2vec against gensim, the original C tool and word2vec++, and
one head of ./attention's self-attention against PyTorch.

Every tool trains on the same corpus with the same settings (skip-gram, negative
sampling, 100 dimensions, window 5, 5 noise words, sample 1e-4, min-count 5, one
epoch), once per run and thread count, in rotating order so that no tool always
runs first or last. Lines longer than 1000 words are cut into lines of 1000
(--line-words): the original and ours cut sentences there anyway, and
word2vec++ lowers its learning rate only between sentences, which for it end
at line ends, so on a corpus of one long line (GCIDE's 4.7M words) it would
train at its starting rate throughout. For each run it records

  train s    seconds spent training, as each tool measures it (ours: its summary
             line; gensim: the train() call; the original: from its first progress
             report to its exit, so its vocabulary pass is left out, +-0.05 s;
             word2vec++: from the vocabulary statistics it prints with -v to its exit)
  wall s     the whole process, from start to exit: reading, training, saving
  words/s    words in the corpus x epochs / train s: the same numerator for all
  peak MiB   the process's peak resident memory (VmHWM, sampled every 10 ms)
  accuracy   analogy accuracy on questions-words.txt scored by gensim's own
             evaluate_word_analogies(restrict_vocab=30000), and its coverage
             (word2vec++ writes its words in no particular order: its file is put
             in order of corpus frequency first, as the others write theirs)

and prints the median of each over the runs, with the ratio of our words/s to
each other tool's, measured in the same session.

Then it times one head of self-attention, Q = X W_q, K = X W_k, V = X W_v,
softmax(Q Kᵀ / sqrt(d_k)) V with n = 512 words and d_model = d_k = 64:
self_attention from attention.cpp (bench/attention_bench.cpp, built by make
with the same flags as the programs) against PyTorch on one thread, on the
same matrices, and prints how far apart their results are.

Needs Debian's python3-gensim (and libopenblas0-pthread for gensim's fastest
configuration); PyTorch for the attention comparison (without it, ours alone).
Run from anywhere:

  /usr/bin/python3 bench/bench.py --corpus ../shared/data/gcide.txt.gz \\
      --questions ../shared/data/questions-words.txt [--original /path/to/word2vec ...] \\
      [--word2vecpp /path/to/w2v_trainer] [--runs 3] [--parts word2vec,attention]

The original C tool and word2vec++ are not part of this project: build them
yourself from their own sources and pass the binaries' paths with --original
(once per build to compare) and --word2vecpp.
"""

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

# PyTorch on one thread means OpenBLAS on one thread too: torch.set_num_threads(1)
# does not reach OpenBLAS's own pool of threads, which would otherwise share a
# large product among all cores. It must be set before OpenBLAS is loaded.
# (gensim, which this process and its children also load, is not slowed by
# it: its training calls BLAS on single word vectors, far below the size at
# which OpenBLAS shares work between threads.)
os.environ["OPENBLAS_NUM_THREADS"] = "1"

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SETTINGS = dict(size=100, window=5, negative=5, sample=1e-4, min_count=5, epochs=1)


# ---- running one process and measuring it ----

def run_measured(command, start_mark=None):
    """Runs command; returns (stdout, stderr, wall seconds, seconds since start_mark, peak MiB).

    start_mark: bytes whose first appearance on the command's stdout starts the
    second clock (b"" for its first byte), checked every 10 ms; None for no
    second clock.

    The peak is the process's own high-water mark, VmHWM in /proc/<pid>/status,
    read every 10 ms until it exits. (wait4's ru_maxrss would also count the
    pages of this Python process, which the child shares between fork and exec.)
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        process = subprocess.Popen(command, stdout=out, stderr=err)
        marked, peak_kib = None, 0
        tail, read = b"", 0  # the last bytes of stdout read so far, and how many were read
        while process.poll() is None:
            try:
                with open(f"/proc/{process.pid}/status") as status:
                    peak_kib = max(peak_kib, int(re.search(r"VmHWM:\s*(\d+)", status.read()).group(1)))
            except (OSError, AttributeError):
                pass  # between fork and exec, or just exited
            if start_mark is not None and marked is None:
                new = os.pread(out.fileno(), 1 << 20, read)
                read += len(new)
                if new and start_mark in tail + new:
                    marked = time.monotonic()
                tail = (tail + new)[-len(start_mark):] if start_mark else b""
            time.sleep(0.01)
        end = time.monotonic()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if process.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} failed ({process.returncode}):\n{stderr}")
    since_mark = end - marked if marked is not None else None
    return stdout, stderr, end - start, since_mark, peak_kib / 1024


# ---- the word2vec tools ----

def run_ours(corpus, output, threads, seed):
    command = [os.path.join(ROOT, "word2vec"), "-train", corpus, "-output", output,
               "-size", str(SETTINGS["size"]), "-window", str(SETTINGS["window"]),
               "-negative", str(SETTINGS["negative"]), "-sample", str(SETTINGS["sample"]),
               "-min-count", str(SETTINGS["min_count"]), "-iter", str(SETTINGS["epochs"]),
               "-threads", str(threads), "-seed", str(seed)]
    _, err, wall, _, peak = run_measured(command)
    seconds = float(re.search(r"trained on \d+ words in ([0-9.]+) s", err).group(1))
    return seconds, wall, peak


def run_gensim(corpus, output, threads, seed):
    command = [sys.executable, os.path.abspath(__file__), "--gensim-worker", corpus, output, str(threads), str(seed)]
    out, _, wall, _, peak = run_measured(command)
    result = json.loads(out.strip().splitlines()[-1])
    return result["train_seconds"], wall, peak


def run_original(binary, corpus, output, threads):
    command = [binary, "-train", corpus, "-output", output, "-cbow", "0", "-hs", "0",
               "-size", str(SETTINGS["size"]), "-window", str(SETTINGS["window"]),
               "-negative", str(SETTINGS["negative"]), "-sample", str(SETTINGS["sample"]),
               "-min-count", str(SETTINGS["min_count"]), "-iter", str(SETTINGS["epochs"]),
               "-threads", str(threads), "-binary", "0"]
    # Piped, its stdout is flushed first by its first progress report, 10,000 words into training.
    _, _, wall, since_first, peak = run_measured(command, start_mark=b"")
    return since_first, wall, peak


def run_word2vecpp(binary, corpus, output, threads):
    """word2vec++ (github.com/maxoodf/word2vec), its w2v_trainer: the same settings in its flag names.

    Its own defaults differ: CBOW (-g: skip-gram), alpha 0.05 (-a 0.025, the
    skip-gram default of the original, gensim and ours), 12 threads, and words
    split at punctuation too, sentences at . ? ! (-d, -e: at whitespace and line
    ends only, as the others read a corpus). It has no seed: every run differs.
    It writes the original's binary format.
    """
    command = [binary, "-f", corpus, "-o", output, "-g", "-s", str(SETTINGS["size"]),
               "-w", str(SETTINGS["window"]), "-n", str(SETTINGS["negative"]), "-l", str(SETTINGS["sample"]),
               "-m", str(SETTINGS["min_count"]), "-i", str(SETTINGS["epochs"]), "-t", str(threads),
               "-a", "0.025", "-d", " \t\n\v\f\r", "-e", "\n", "-v"]
    # With -v it prints its vocabulary statistics once the vocabulary is built, then trains.
    _, _, wall, since_vocabulary, peak = run_measured(command, start_mark=b"Total words:")
    return since_vocabulary, wall, peak


def gensim_worker(corpus, output, threads, seed):
    """Runs in a child process, so that its peak memory is gensim's alone."""
    from gensim.models import Word2Vec
    from gensim.models.word2vec import LineSentence
    sentences = LineSentence(corpus)
    model = Word2Vec(vector_size=SETTINGS["size"], window=SETTINGS["window"], negative=SETTINGS["negative"],
                     sample=SETTINGS["sample"], min_count=SETTINGS["min_count"], epochs=SETTINGS["epochs"],
                     sg=1, hs=0, workers=threads, seed=seed)
    model.build_vocab(sentences)
    start = time.monotonic()
    model.train(sentences, total_examples=model.corpus_count, epochs=model.epochs)
    seconds = time.monotonic() - start
    model.wv.save_word2vec_format(output, binary=False)
    print(json.dumps({"train_seconds": seconds}))


def gensim_blas():
    """The BLAS library gensim's Cython code loads (through scipy): it decides gensim's speed."""
    code = ("import gensim.models.word2vec_inner, re;"
            "print(' '.join(sorted(set(re.findall(r'/\\S*lib(?:open)?blas\\S*\\.so\\S*', open('/proc/self/maps').read())))))")
    libraries = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.split()
    return ", ".join(libraries) or "unknown"


def corpus_counts(corpus):
    """How often each word occurs in the corpus (words split at whitespace, as every tool here reads them)."""
    counts = {}
    with open(corpus, "rb") as text:
        for line in text:
            for word in line.decode("utf-8", errors="replace").split():
                counts[word] = counts.get(word, 0) + 1
    return counts


def analogy_accuracy(vectors_path, questions, binary=False, counts=None):
    """gensim's score of a vectors file; with counts, its rows are first put most frequent first
    (ties in code-point order), the order in which the other tools write them, since
    restrict_vocab=30000 takes the file's first 30,000 rows."""
    from gensim.models import KeyedVectors
    vectors = KeyedVectors.load_word2vec_format(vectors_path, binary=binary)
    if counts is not None:
        words = sorted(vectors.index_to_key, key=lambda word: (-counts.get(word, 0), word))
        ordered = KeyedVectors(vectors.vector_size)
        ordered.add_vectors(words, vectors.vectors[[vectors.key_to_index[word] for word in words]])
        vectors = ordered
    _, sections = vectors.evaluate_word_analogies(questions, restrict_vocab=30000)
    total = sections[-1]
    asked = len(total["correct"]) + len(total["incorrect"])
    all_questions = sum(1 for line in open(questions) if not line.startswith(":") and line.strip())
    return len(total["correct"]) / asked, asked / all_questions


# ---- attention: ours against PyTorch ----

ATTENTION = dict(n=512, d_model=64, d_k=64, rounds=5, repeats=40)


def attention_bench(work):
    """Times one head of self-attention, ours and PyTorch's (if installed) on the same matrices,
    in alternating rounds (so that a busy moment of the machine does not fall on one side only);
    returns rows for the table (median over all rounds) and how far the two results are apart."""
    binary = os.path.join(ROOT, "bench", "attention_bench")
    subprocess.run(["make", "-s", "-C", ROOT, "bench/attention_bench"], check=True)
    n, d_model, d_k = ATTENTION["n"], ATTENTION["d_model"], ATTENTION["d_k"]
    dump = os.path.join(work, "attention.f32")

    def ours():  # the median of one round of `repeats` forward passes, in ms
        out = subprocess.run([binary, str(n), str(d_model), str(d_k), str(ATTENTION["repeats"]), dump],
                             capture_output=True, text=True, check=True).stdout
        return float(re.search(r"median ([0-9.]+) ms", out).group(1))

    try:
        import numpy
        import torch
    except ImportError:
        ours_ms = [ours() for _ in range(ATTENTION["rounds"])]
        return [("ours (attention.cpp)", statistics.median(ours_ms))], "PyTorch is not installed: ours alone"
    ours()  # writes X, W_q, W_k, W_v and its context matrix, float32, one after the other
    floats = numpy.fromfile(dump, dtype=numpy.float32)
    sizes = [n * d_model, d_model * d_k, d_model * d_k, d_model * d_k, n * d_k]
    parts = numpy.split(floats, numpy.cumsum(sizes)[:-1])
    X, Wq, Wk, Wv = (torch.from_numpy(part.copy()) for part in parts[:4])
    X, Wq, Wk, Wv = X.view(n, d_model), Wq.view(d_model, d_k), Wk.view(d_model, d_k), Wv.view(d_model, d_k)
    ours_context = torch.from_numpy(parts[4].copy()).view(n, d_k)
    torch.set_num_threads(1)

    def forward():
        Q, K, V = X @ Wq, X @ Wk, X @ Wv
        weights = torch.softmax(Q @ K.T / d_k ** 0.5, dim=-1)
        return weights @ V

    def pytorch():  # the median of one round, in ms
        times = []
        for _ in range(ATTENTION["repeats"]):
            start = time.perf_counter()
            forward()
            times.append(time.perf_counter() - start)
        return 1000 * statistics.median(times)

    ours_ms, pytorch_ms = [], []
    with torch.no_grad():
        context = forward()
        for _ in range(ATTENTION["rounds"]):
            ours_ms.append(ours())
            pytorch_ms.append(pytorch())
    rows = [("ours (attention.cpp)", statistics.median(ours_ms)),
            (f"PyTorch {torch.__version__}, 1 thread", statistics.median(pytorch_ms))]
    difference = float((context - ours_context).abs().max())
    return rows, f"largest difference between the two context matrices: {difference:.1e}"


# ---- the benchmark ----

def machine_description():
    cpu = "unknown CPU"
    try:
        cpu = re.search(r"model name\s*:\s*(.*)", open("/proc/cpuinfo").read()).group(1)
    except (OSError, AttributeError):
        pass
    compiler = subprocess.run([os.environ.get("CXX", "c++"), "--version"], capture_output=True, text=True).stdout
    return f"{cpu}, {os.cpu_count()} cores, {platform.platform()}; {compiler.splitlines()[0] if compiler else '?'}"


def copy_corpus(source_path, target_path, line_words):
    """Copies the corpus (gzip or plain), cutting lines of more than line_words words (0: as it is)."""
    opener = gzip.open if source_path.endswith(".gz") else open
    if line_words <= 0:
        with opener(source_path, "rb") as source, open(target_path, "wb") as target:
            shutil.copyfileobj(source, target)
        return
    with opener(source_path, "rb") as source, open(target_path, "wb") as target:
        for line in source:
            words = line.split()
            for first in range(0, len(words), line_words):
                target.write(b" ".join(words[first:first + line_words]) + b"\n")


def word2vec_bench(args, work):
    subprocess.run(["make", "-s", "-C", ROOT, "word2vec"], check=True)
    with open(os.path.join(ROOT, ".compile")) as compile_command:
        print(f"ours: built with {compile_command.read().strip()}")
    corpus = os.path.join(work, "corpus.txt")
    copy_corpus(args.corpus, corpus, args.line_words)
    words = int(subprocess.run(["wc", "-w", corpus], capture_output=True, text=True).stdout.split()[0])

    originals = {f"original:{os.path.basename(path)}": path for path in args.original}
    tools = ["ours", "gensim"] + list(originals) + (["word2vec++"] if args.word2vecpp else [])
    counts = corpus_counts(corpus) if args.word2vecpp else None
    cut = f"lines cut at {args.line_words} words" if args.line_words > 0 else "lines as they are"
    print(f"corpus: {os.path.basename(args.corpus)}, {words:,} words, {cut}; settings: skip-gram, negative sampling, "
          f"dim {SETTINGS['size']}, window {SETTINGS['window']}, negative {SETTINGS['negative']}, "
          f"sample {SETTINGS['sample']}, min-count {SETTINGS['min_count']}, {SETTINGS['epochs']} epoch")
    print(f"gensim: {__import__('gensim').__version__}, BLAS: {gensim_blas()}")
    print(f"runs: {args.runs} per tool and thread count, tools in rotating order\n", flush=True)

    results = {}  # (tool, threads) -> list of (seconds, wall seconds, peak, accuracy, coverage)
    for threads in [int(t) for t in args.threads.split(",")]:
        for run in range(args.runs):
            order = tools[run % len(tools):] + tools[:run % len(tools)]
            for tool in order:
                output = os.path.join(work, f"{tool}.txt")
                seed = run + 1
                if tool == "ours":
                    measured = run_ours(corpus, output, threads, seed)
                elif tool == "gensim":
                    measured = run_gensim(corpus, output, threads, seed)
                elif tool == "word2vec++":
                    measured = run_word2vecpp(args.word2vecpp, corpus, output, threads)
                else:
                    measured = run_original(originals[tool], corpus, output, threads)
                if tool == "word2vec++":
                    accuracy, coverage = analogy_accuracy(output, args.questions, binary=True, counts=counts)
                else:
                    accuracy, coverage = analogy_accuracy(output, args.questions)
                seconds, wall, peak = measured
                results.setdefault((tool, threads), []).append((seconds, wall, peak, accuracy, coverage))
                print(f"  threads {threads} run {run + 1} {tool:24s} {seconds:6.2f} s (wall {wall:6.2f} s) "
                      f"{words * SETTINGS['epochs'] / seconds / 1000:6.0f}k words/s {peak:6.0f} MiB "
                      f"accuracy {100 * accuracy:5.2f}% coverage {100 * coverage:5.1f}%", flush=True)

    print()
    print("| threads | tool | train s (median) | words/s | ours / this | wall s | peak MiB | analogy accuracy (runs) | coverage |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (tool, threads), rows in results.items():
        seconds = statistics.median(r[0] for r in rows)
        ours_seconds = statistics.median(r[0] for r in results[("ours", threads)])
        speed = words * SETTINGS["epochs"] / seconds
        accuracies = ", ".join(f"{100 * r[3]:.2f}%" for r in rows)
        print(f"| {threads} | {tool} | {seconds:.2f} | {speed / 1000:.0f}k | {seconds / ours_seconds:.2f} | "
              f"{statistics.median(r[1] for r in rows):.2f} | {statistics.median(r[2] for r in rows):.0f} | "
              f"{accuracies} | {100 * rows[0][4]:.1f}% |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "data", "gcide.txt.gz"))
    parser.add_argument("--questions", default=os.path.join(ROOT, "..", "shared", "data", "questions-words.txt"))
    parser.add_argument("--original", action="append", default=[],
                        help="path to an original word2vec binary, built from its own sources (repeatable)")
    parser.add_argument("--word2vecpp", help="path to word2vec++'s w2v_trainer, built by its own CMake Release build")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--line-words", type=int, default=1000,
                        help="cut longer corpus lines into lines of this many words (0: leave them)")
    parser.add_argument("--threads", default="1,2", help="comma-separated thread counts")
    parser.add_argument("--parts", default="word2vec,attention", help="what to measure: word2vec, attention or both")
    args = parser.parse_args()
    parts = args.parts.split(",")
    if not set(parts) <= {"word2vec", "attention"}:
        parser.error("--parts: word2vec, attention or word2vec,attention")

    print(f"machine: {machine_description()}", flush=True)
    work = tempfile.mkdtemp(prefix="word2vec-bench-")
    try:
        if "word2vec" in parts:
            word2vec_bench(args, work)
        if "attention" in parts:
            rows, note = attention_bench(work)
            print(f"\nattention: one head, n = {ATTENTION['n']}, d_model = {ATTENTION['d_model']}, "
                  f"d_k = {ATTENTION['d_k']}, median of {ATTENTION['rounds']} alternating rounds of "
                  f"{ATTENTION['repeats']} forward passes; {note}\n")
            print("| attention forward | ms (median) | ours / this |")
            print("|---|---|---|")
            for name, ms in rows:
                print(f"| {name} | {ms:.2f} | {ms / rows[0][1]:.2f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--gensim-worker":
        gensim_worker(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    else:
        main()
