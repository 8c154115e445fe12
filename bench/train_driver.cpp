// bench/train_driver.cpp - ./attention's training loop, timed, for bench/train_bench.py.
//
// It runs exactly the steps of train_next_word (attention.cpp, section 13.4)
// in the same order from the same seed, but without the held-out evaluations,
// and writes what PyTorch needs to repeat them: the vocabulary's vectors, the
// training sentences, the initial weights and the sentence of every step. It
// prints the seconds the steps took and writes the loss of every step.
//
//   train_driver CORPUS VECTORS HEADS D_K EPOCHS LR SEED OUT_DIR
//
// Build: c++ -O3 -std=c++17 -ffp-contract=off -o build/train_driver bench/train_driver.cpp
// (bench/train_bench.py builds it with the Makefile's flags.)

#define TESTING
#include "../attention.cpp"
#include "../support/attention_program.hpp"

#include <chrono>

int main(int argc, char** argv) {
    if (argc != 9) {
        std::fprintf(stderr, "usage: train_driver CORPUS VECTORS HEADS D_K EPOCHS LR SEED OUT_DIR\n");
        return 2;
    }
    try {
        const NextWordData data = read_next_word_data(argv[1], argv[2]);
        TrainingSettings settings;
        settings.heads = std::stoul(argv[3]);
        settings.d_k = std::stoul(argv[4]);
        settings.epochs = std::stoi(argv[5]);
        settings.lr = std::stof(argv[6]);
        settings.seed = std::stoull(argv[7]);
        const std::string out = argv[8];

        // The same draws, in the same order, as train_next_word.
        Rng rng(settings.seed);
        NextWordModel model = random_model(data.vectors.cols, settings.d_k, settings.heads, data.words.size(),
                                           settings.positions, rng);
        save_weights(out + "/initial.txt", model, data.words);
        {
            OutputFile file(out + "/data.txt");
            std::FILE* f = file.stream();
            std::fprintf(f, "%zu %zu\n", data.vectors.rows, data.vectors.cols);
            for (size_t r = 0; r < data.vectors.rows; r++) {
                for (size_t c = 0; c < data.vectors.cols; c++) std::fprintf(f, c ? " %.9g" : "%.9g", static_cast<double>(data.vectors(r, c)));
                std::fputc('\n', f);
            }
            std::fprintf(f, "%zu\n", data.training.size());
            for (const std::vector<int32_t>& sentence : data.training) {
                for (size_t i = 0; i < sentence.size(); i++) std::fprintf(f, i ? " %d" : "%d", sentence[i]);
                std::fputc('\n', f);
            }
            file.commit();
        }

        const size_t per_epoch = data.training.size(), planned = per_epoch * static_cast<size_t>(settings.epochs);
        std::vector<size_t> order(per_epoch), steps;
        std::vector<double> losses;
        for (size_t i = 0; i < per_epoch; i++) order[i] = i;
        Adam adam;
        const auto start = std::chrono::steady_clock::now();
        for (int epoch = 0; epoch < settings.epochs; epoch++) {
            shuffle(order, rng);
            for (size_t k = 0; k < per_epoch; k++) {
                const std::vector<int32_t>& sentence = data.training[order[k]];
                NextWordForward f = sentence_forward(model, data.vectors, sentence);
                losses.push_back(sentence_loss(f, sentence));
                steps.push_back(order[k]);
                adam.lr = learning_rate(settings, steps.size() - 1, planned);
                adam.step(parameters_of(model), gradients_of(next_word_backward(model, f, sentence)));
            }
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

        // The same weights as the program's own training loop, or this is not a fair copy of it.
        const TrainingResult program = train_next_word(data, settings);
        if (program.trained.W_out.data != model.W_out.data || program.trained.Wq[0].data != model.Wq[0].data) {
            std::fprintf(stderr, "train_driver: the steps differ from train_next_word's\n");
            return 1;
        }
        OutputFile file(out + "/ours.txt");
        for (size_t s = 0; s < steps.size(); s++) std::fprintf(file.stream(), "%zu %.9g\n", steps[s], losses[s]);
        file.commit();
        std::printf("%zu steps in %.6f s\n", steps.size(), seconds);
        return 0;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "train_driver: %s\n", error.what());
        return 1;
    }
}
