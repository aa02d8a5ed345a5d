// A program that leaks on purpose, run by CTest in the asan preset only: the test passes only when
// LeakSanitizer reports this leak with tests/sanitizers/lsan.supp in force, i.e. the suppressions
// (which name libraries outside NormLab) cannot hide a leak of ours.
#include <cstdio>
#include <cstring>

namespace {

// Not inlined and not static-storage reachable, so the block is a definite leak at exit.
[[gnu::noinline]] char* normlab_deliberate_leak(std::size_t bytes) {
  char* block = new char[bytes];
  std::memset(block, 'x', bytes);
  return block;
}

}  // namespace

int main() {
  char* block = normlab_deliberate_leak(4096);
  std::printf("leaking 4096 bytes of '%c' on purpose\n", block[0]);
  std::fflush(stdout);  // LeakSanitizer ends the process without flushing stdio
  block = nullptr;
  return 0;
}
