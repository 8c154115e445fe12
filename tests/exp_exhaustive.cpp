// Every float x from -104 to 88.72283 (2.2 billion of them): exp_float(x)
// against the C library's exp in double, rounded to float. Prints how many
// differ and fails if any differs by more than one step (ulp). Takes about a
// minute and a half; .ci/run runs it (`make exp-exhaustive`), make test does not.
// The unit test in matrix_test.cpp checks every 997th of these floats.

#include "../matrix.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

int main() {
    long long checked = 0, one_step = 0, more = 0;
    for (uint64_t bits = 0; bits < (uint64_t{1} << 32); bits++) {
        const uint32_t pattern = static_cast<uint32_t>(bits);
        float x;
        std::memcpy(&x, &pattern, sizeof x);
        if (!(x >= -104.0f && x <= 88.72283172607421875f)) continue;
        const float ours = exp_float(x), library = static_cast<float>(std::exp(static_cast<double>(x)));
        checked++;
        if (ours == library) continue;
        int32_t a, b;
        std::memcpy(&a, &ours, sizeof a);
        std::memcpy(&b, &library, sizeof b);
        if (std::llabs(static_cast<long long>(a) - b) == 1) one_step++;
        else more++;
        std::printf("x = %.9g: exp_float %.9g, library %.9g\n", static_cast<double>(x), static_cast<double>(ours),
                    static_cast<double>(library));
    }
    std::printf("exp_float: %lld floats checked, %lld one step from the library's exp, %lld further\n", checked,
                one_step, more);
    return more == 0 ? 0 : 1;
}
