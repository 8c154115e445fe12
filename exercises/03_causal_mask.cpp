// Exercise 3: the causal mask
//
// Read first: attention.cpp, section "6. the causal mask", the comment above mask_future.
// Check your work: make exercise N=3        Time: about 10 minutes.
//
// What to compute: change `scores` (n, n) in place so that word i cannot look
// at any word j that comes after it: set scores(i, j) to -infinity for every
// j > i, and leave every other score as it is.
//
// Why: a model that writes text one word at a time must not peek at the words
// it has not written yet. After the softmax of exercise 1, a score of -infinity
// becomes a weight of exactly 0, and the other weights of the row still sum to 1.
// Word i always sees itself (j = i), so no row is left without a finite score.
//
// -infinity in C++: -std::numeric_limits<float>::infinity(), from <limits>.
// Your function is in namespace `student`, so it does not clash with the
// project's own mask_future; the grader calls yours.

#include "../matrix.hpp"

#include <limits>

namespace student {

void mask_future(Matrix& scores) {
    // Your code here.
}

}  // namespace student
