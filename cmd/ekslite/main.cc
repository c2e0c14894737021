#include <cstdio>

int main() {
  std::puts("ekslite: not built yet");
  return 1;
}
