#!/usr/bin/python3
"""Training ./attention's next-word layer against PyTorch, side by side.

Both train the same model (attention.cpp, section 12: causal multi-head
self-attention over fixed word vectors, + residual, W_out, b_out, softmax,
cross-entropy) from the same initial weights, on the same sentences in the
same order, one sentence per step, with Adam (0.9, 0.999, 1e-8) and the same
linearly falling learning rate, on one thread. It prints the steps per second
of each, their ratio, and how far the two loss curves (the loss of every step)
are apart. The loss curves agree only if both compute the same forward pass,
the same gradients (ours by hand, PyTorch's by autograd) and the same Adam
steps, so this also checks the whole backward pass against autograd.

Needs Debian's python3-torch and python3-numpy. Run from anywhere, after
`make` (it builds bench/train_driver.cpp with the same flags):

  /usr/bin/python3 bench/train_bench.py [--heads 4] [--dk 8] [--epochs 1] [--runs 3]
"""

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

# PyTorch on one thread means OpenBLAS on one thread too: torch.set_num_threads(1)
# does not reach OpenBLAS's own pool of threads, which would otherwise share a
# large product among all cores. It must be set before numpy and torch load it.
os.environ["OPENBLAS_NUM_THREADS"] = "1"

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build_driver():
    """Builds bench/train_driver.cpp with the flags `make` uses (CXXFLAGS and the required ones)."""
    flags = subprocess.run(["make", "-s", "--no-print-directory", "print-build-flags"], cwd=ROOT,
                           capture_output=True, text=True)
    command = flags.stdout.split() if flags.returncode == 0 and flags.stdout.strip() else \
        ["c++", "-O3", "-std=c++17", "-ffp-contract=off"]
    binary = os.path.join(ROOT, "build", "train_driver")
    os.makedirs(os.path.dirname(binary), exist_ok=True)
    subprocess.run(command + ["-o", binary, os.path.join(ROOT, "bench", "train_driver.cpp")], check=True)
    return binary, " ".join(command)


def read_weights(path):
    """Reads the weights file of attention.cpp, section 14, into numpy arrays."""
    with open(path) as f:
        lines = [line.split() for line in f if line.strip()]
    header = {key: int(value) for key, value in lines[1:6]}
    d_model, d_k, heads, vocabulary = header["d_model"], header["d_k"], header["heads"], header["vocabulary"]
    position = 6 + vocabulary

    def matrix(rows):
        nonlocal position
        position += 1  # the title line
        block = np.array(lines[position:position + rows], dtype=np.float32)
        position += rows
        return block

    Wq, Wk, Wv = [], [], []
    for _ in range(heads):
        Wq.append(matrix(d_model))
        Wk.append(matrix(d_model))
        Wv.append(matrix(d_model))
    Wo = matrix(heads * d_k)
    W_out = matrix(d_model)
    b_out = matrix(1)
    return dict(Wq=Wq, Wk=Wk, Wv=Wv, Wo=Wo, W_out=W_out, b_out=b_out, d_k=d_k)


def read_data(path):
    with open(path) as f:
        rows, _ = map(int, f.readline().split())
        vectors = np.array([f.readline().split() for _ in range(rows)], dtype=np.float32)
        count = int(f.readline())
        sentences = [list(map(int, f.readline().split())) for _ in range(count)]
    return vectors, sentences


def train_torch(out_dir, lr, epochs):
    """The same steps in PyTorch; returns (seconds, losses)."""
    torch.set_num_threads(1)
    w = read_weights(os.path.join(out_dir, "initial.txt"))
    vectors, sentences = read_data(os.path.join(out_dir, "data.txt"))
    with open(os.path.join(out_dir, "ours.txt")) as f:
        order = [int(line.split()[0]) for line in f]
    E = torch.from_numpy(vectors)
    params = [torch.tensor(m, requires_grad=True) for m in w["Wq"] + w["Wk"] + w["Wv"]]
    params += [torch.tensor(w[name], requires_grad=True) for name in ("Wo", "W_out", "b_out")]
    heads = len(w["Wq"])
    Wq, Wk, Wv = params[:heads], params[heads:2 * heads], params[2 * heads:3 * heads]
    Wo, W_out, b_out = params[3 * heads:]
    scale = 1.0 / math.sqrt(w["d_k"])
    optimizer = torch.optim.Adam(params, lr=lr, betas=(0.9, 0.999), eps=1e-8)
    inputs = [torch.tensor(s[:-1]) for s in sentences]
    targets = [torch.tensor(s[1:]) for s in sentences]
    planned = len(order)
    losses = []
    start = time.perf_counter()
    for step, index in enumerate(order):
        X = E[inputs[index]]
        n = X.shape[0]
        mask = torch.triu(torch.full((n, n), float("-inf")), diagonal=1)
        context = [torch.softmax((X @ Wq[h]) @ (X @ Wk[h]).T * scale + mask, dim=1) @ (X @ Wv[h]) for h in range(heads)]
        hidden = X + torch.cat(context, dim=1) @ Wo
        loss = torch.nn.functional.cross_entropy(hidden @ W_out + b_out, targets[index])
        optimizer.zero_grad()
        loss.backward()
        for group in optimizer.param_groups:
            group["lr"] = lr * (1.0 - step / planned)
        optimizer.step()
        losses.append(loss.item())
    return time.perf_counter() - start, losses


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default=os.path.join(ROOT, "data", "corpus.txt"))
    parser.add_argument("--vectors", default=os.path.join(ROOT, "vectors.txt"), help="make run writes it")
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--dk", type=int, default=8)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not os.path.exists(args.vectors):
        sys.exit(f"train_bench: {args.vectors} is missing; run `make run` first")

    driver, command = build_driver()
    print(f"ours: {command}; PyTorch {torch.__version__}, {torch.get_num_threads()} thread")
    print(f"model: {args.heads} heads, d_k {args.dk}, {args.epochs} epoch(s), Adam lr {args.lr} falling to 0, seed {args.seed}")
    ours_seconds, torch_seconds = [], []
    with tempfile.TemporaryDirectory() as out_dir:
        for run in range(args.runs):  # alternating, so that neither always runs on a cooler or busier machine
            result = subprocess.run([driver, args.corpus, args.vectors, str(args.heads), str(args.dk), str(args.epochs),
                                     str(args.lr), str(args.seed), out_dir], capture_output=True, text=True, check=True)
            steps, seconds = result.stdout.split()[0], float(result.stdout.split()[3])
            ours_seconds.append(seconds)
            seconds, torch_losses = train_torch(out_dir, args.lr, args.epochs)
            torch_seconds.append(seconds)
        with open(os.path.join(out_dir, "ours.txt")) as f:
            our_losses = [float(line.split()[1]) for line in f]

    steps = len(our_losses)
    ours, theirs = statistics.median(ours_seconds), statistics.median(torch_seconds)
    difference = [abs(a - b) for a, b in zip(our_losses, torch_losses)]
    relative = [d / abs(b) for d, b in zip(difference, torch_losses)]
    print()
    print("| | steps | seconds (median of %d) | steps/s |" % args.runs)
    print("|---|---|---|---|")
    print(f"| ours | {steps} | {ours:.3f} | {steps / ours:.0f} |")
    print(f"| PyTorch | {steps} | {theirs:.3f} | {steps / theirs:.0f} |")
    print(f"\nours is {theirs / ours:.1f}x as fast as PyTorch")
    print(f"loss curves: first step {our_losses[0]:.6f} vs {torch_losses[0]:.6f}, last {our_losses[-1]:.6f} vs {torch_losses[-1]:.6f}; "
          f"largest difference {max(difference):.2e} ({max(relative):.2e} relative), mean {statistics.mean(difference):.2e}")


if __name__ == "__main__":
    main()
