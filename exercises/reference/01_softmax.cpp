// The reference solution of exercise 1 is the project's own function,
// softmax_rows in matrix.hpp (section "softmax"). This file hands it to the
// grader in the student's place, so that `make exercises-check` can show the
// checks pass on it.

#include "../matrix.hpp"

namespace student {

Matrix softmax_rows(const Matrix& scores) { return ::softmax_rows(scores); }

}  // namespace student
