# Front door for people: everything real lives in CMake and scripts/.
.PHONY: all deps build release test run stop format clean

all: build

deps:
	scripts/install-deps.sh

build:
	cmake -S . -B build -DCMAKE_BUILD_TYPE=Debug
	cmake --build build -j$$(nproc)

release:
	cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release
	cmake --build build-release -j$$(nproc)

# The one command that runs every test (what CI runs after installing deps).
test: deps
	scripts/test.sh

run:
	scripts/run-local.sh

stop:
	scripts/run-local.sh stop

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-asan build-fuzz build-release
