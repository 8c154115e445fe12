#!/usr/bin/python3
"""Side-by-side word2vec benchmark: ./word2vec against gensim and the original C tool.

Every tool trains on the same corpus with the same settings (skip-gram, negative
sampling, 100 dimensions, window 5, 5 noise words, sample 1e-4, min-count 5, one
epoch), once per run and thread count, in rotating order so that no tool always
runs first or last. For each run it records

  train s    seconds spent training, as each tool measures it (ours: its summary
             line; gensim: the train() call; the original: from its first progress
             report to its exit, so its vocabulary pass is left out, +-0.05 s)
  words/s    words in the corpus x epochs / train s: the same numerator for all
  peak MiB   the process's peak resident memory (VmHWM, sampled every 10 ms)
  accuracy   analogy accuracy on questions-words.txt scored by gensim's own
             evaluate_word_analogies(restrict_vocab=30000), and its coverage

and prints the median of each over the runs, with the ratio of our words/s to
each other tool's, measured in the same session.

Needs Debian's python3-gensim (and libopenblas0-pthread for gensim's fastest
configuration). Run from anywhere:

  /usr/bin/python3 bench/bench.py --corpus ../shared/data/gcide.txt.gz \\
      --questions ../shared/data/questions-words.txt [--original /path/to/word2vec ...] [--runs 3]

The original C tool is not part of this project: build it yourself from its own
sources and pass the binary's path with --original (once per build to compare).
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

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SETTINGS = dict(size=100, window=5, negative=5, sample=1e-4, min_count=5, epochs=1)


# ---- running one process and measuring it ----

def run_measured(command, first_output_marks_start=False):
    """Runs command; returns (stdout, stderr, wall seconds, seconds since its first stdout byte, peak MiB).

    The peak is the process's own high-water mark, VmHWM in /proc/<pid>/status,
    read every 10 ms until it exits. (wait4's ru_maxrss would also count the
    pages of this Python process, which the child shares between fork and exec.)
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        process = subprocess.Popen(command, stdout=out, stderr=err)
        first_output, peak_kib = None, 0
        while process.poll() is None:
            try:
                with open(f"/proc/{process.pid}/status") as status:
                    peak_kib = max(peak_kib, int(re.search(r"VmHWM:\s*(\d+)", status.read()).group(1)))
            except (OSError, AttributeError):
                pass  # between fork and exec, or just exited
            if first_output_marks_start and first_output is None and os.fstat(out.fileno()).st_size > 0:
                first_output = time.monotonic()
            time.sleep(0.01)
        end = time.monotonic()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if process.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} failed ({process.returncode}):\n{stderr}")
    since_first = end - first_output if first_output is not None else None
    return stdout, stderr, end - start, since_first, peak_kib / 1024


# ---- the three tools ----

def run_ours(corpus, output, threads, seed):
    command = [os.path.join(ROOT, "word2vec"), "-train", corpus, "-output", output,
               "-size", str(SETTINGS["size"]), "-window", str(SETTINGS["window"]),
               "-negative", str(SETTINGS["negative"]), "-sample", str(SETTINGS["sample"]),
               "-min-count", str(SETTINGS["min_count"]), "-iter", str(SETTINGS["epochs"]),
               "-threads", str(threads), "-seed", str(seed)]
    _, err, _, _, peak = run_measured(command)
    seconds = float(re.search(r"trained on \d+ words in ([0-9.]+) s", err).group(1))
    return seconds, peak


def run_gensim(corpus, output, threads, seed):
    command = [sys.executable, os.path.abspath(__file__), "--gensim-worker", corpus, output, str(threads), str(seed)]
    out, _, _, _, peak = run_measured(command)
    result = json.loads(out.strip().splitlines()[-1])
    return result["train_seconds"], peak


def run_original(binary, corpus, output, threads):
    command = [binary, "-train", corpus, "-output", output, "-cbow", "0", "-hs", "0",
               "-size", str(SETTINGS["size"]), "-window", str(SETTINGS["window"]),
               "-negative", str(SETTINGS["negative"]), "-sample", str(SETTINGS["sample"]),
               "-min-count", str(SETTINGS["min_count"]), "-iter", str(SETTINGS["epochs"]),
               "-threads", str(threads), "-binary", "0"]
    # Piped, its stdout is flushed first by its first progress report, 10,000 words into training.
    _, _, _, since_first, peak = run_measured(command, first_output_marks_start=True)
    return since_first, peak


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


def analogy_accuracy(vectors_path, questions):
    from gensim.models import KeyedVectors
    vectors = KeyedVectors.load_word2vec_format(vectors_path, binary=False)
    _, sections = vectors.evaluate_word_analogies(questions, restrict_vocab=30000)
    total = sections[-1]
    asked = len(total["correct"]) + len(total["incorrect"])
    all_questions = sum(1 for line in open(questions) if not line.startswith(":") and line.strip())
    return len(total["correct"]) / asked, asked / all_questions


# ---- the benchmark ----

def machine_description():
    cpu = "unknown CPU"
    try:
        cpu = re.search(r"model name\s*:\s*(.*)", open("/proc/cpuinfo").read()).group(1)
    except (OSError, AttributeError):
        pass
    compiler = subprocess.run([os.environ.get("CXX", "c++"), "--version"], capture_output=True, text=True).stdout
    return f"{cpu}, {os.cpu_count()} cores, {platform.platform()}; {compiler.splitlines()[0] if compiler else '?'}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "data", "gcide.txt.gz"))
    parser.add_argument("--questions", default=os.path.join(ROOT, "..", "shared", "data", "questions-words.txt"))
    parser.add_argument("--original", action="append", default=[],
                        help="path to an original word2vec binary, built from its own sources (repeatable)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", default="1,2", help="comma-separated thread counts")
    args = parser.parse_args()

    subprocess.run(["make", "-s", "-C", ROOT, "word2vec"], check=True)
    work = tempfile.mkdtemp(prefix="word2vec-bench-")
    try:
        corpus = os.path.join(work, "corpus.txt")
        opener = gzip.open if args.corpus.endswith(".gz") else open
        with opener(args.corpus, "rb") as source, open(corpus, "wb") as target:
            shutil.copyfileobj(source, target)
        words = int(subprocess.run(["wc", "-w", corpus], capture_output=True, text=True).stdout.split()[0])

        originals = {f"original:{os.path.basename(path)}": path for path in args.original}
        tools = ["ours", "gensim"] + list(originals)
        print(f"corpus: {os.path.basename(args.corpus)}, {words:,} words; settings: skip-gram, negative sampling, "
              f"dim {SETTINGS['size']}, window {SETTINGS['window']}, negative {SETTINGS['negative']}, "
              f"sample {SETTINGS['sample']}, min-count {SETTINGS['min_count']}, {SETTINGS['epochs']} epoch")
        print(f"machine: {machine_description()}")
        print(f"gensim: {__import__('gensim').__version__}, BLAS: {gensim_blas()}")
        print(f"runs: {args.runs} per tool and thread count, tools in rotating order\n", flush=True)

        results = {}  # (tool, threads) -> list of (seconds, peak, accuracy, coverage)
        for threads in [int(t) for t in args.threads.split(",")]:
            for run in range(args.runs):
                order = tools[run % len(tools):] + tools[:run % len(tools)]
                for tool in order:
                    output = os.path.join(work, f"{tool}.txt")
                    seed = run + 1
                    if tool == "ours":
                        seconds, peak = run_ours(corpus, output, threads, seed)
                    elif tool == "gensim":
                        seconds, peak = run_gensim(corpus, output, threads, seed)
                    else:
                        seconds, peak = run_original(originals[tool], corpus, output, threads)
                    accuracy, coverage = analogy_accuracy(output, args.questions)
                    results.setdefault((tool, threads), []).append((seconds, peak, accuracy, coverage))
                    print(f"  threads {threads} run {run + 1} {tool:24s} {seconds:6.2f} s "
                          f"{words * SETTINGS['epochs'] / seconds / 1000:6.0f}k words/s {peak:6.0f} MiB "
                          f"accuracy {100 * accuracy:5.2f}% coverage {100 * coverage:5.1f}%", flush=True)

        print()
        print("| threads | tool | train s (median) | words/s | ours / this | peak MiB | analogy accuracy (runs) | coverage |")
        print("|---|---|---|---|---|---|---|---|")
        for (tool, threads), rows in results.items():
            seconds = statistics.median(r[0] for r in rows)
            ours_seconds = statistics.median(r[0] for r in results[("ours", threads)])
            speed = words * SETTINGS["epochs"] / seconds
            accuracies = ", ".join(f"{100 * r[2]:.2f}%" for r in rows)
            print(f"| {threads} | {tool} | {seconds:.2f} | {speed / 1000:.0f}k | {seconds / ours_seconds:.2f} | "
                  f"{statistics.median(r[1] for r in rows):.0f} | {accuracies} | {100 * rows[0][3]:.1f}% |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--gensim-worker":
        gensim_worker(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    else:
        main()
