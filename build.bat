@echo off
rem build.bat - build, test and run with Microsoft's C++ compiler (MSVC), for
rem Windows without WSL or MinGW. Open "x64 Native Tools Command Prompt for
rem VS 2022" (or "Developer Command Prompt"), go to this folder, and type:
rem
rem     build.bat          build word2vec.exe and attention.exe
rem     build.bat test     build them and the six test programs, then run the tests
rem     build.bat run      build them, then run the demo that `make run` runs
rem
rem The tests need doctest, one header file. Put doctest.h in a folder named
rem doctest and tell build.bat the folder above it, e.g. for
rem %USERPROFILE%\include\doctest\doctest.h:
rem
rem     set DOCTEST_DIR=%USERPROFILE%\include
rem
rem NOT VERIFIED: written and checked on Linux, where there is no MSVC. The
rem steps it takes were run under Wine with MinGW-built programs standing in
rem for cl's; docs\setup.md says what is verified where.
rem
rem The flags, and why:
rem   /std:c++17   the language the code is written in
rem   /EHsc        C++ exceptions (errors are exceptions caught in main)
rem   /O2          optimise
rem   /fp:precise  no reordering of float arithmetic; since Visual Studio 2022
rem                it also never fuses a * b + c into one instruction, which
rem                is what g++ -ffp-contract=off does: the same numbers.
rem                (Visual Studio 2019 fuses only with /arch:AVX2, not used here.)
rem   /utf-8       the source files are UTF-8 (the heat map's shade characters)
rem   /D_CRT_SECURE_NO_WARNINGS  fopen and strerror are standard C++; MSVC
rem                would warn about them
rem The .obj files go to build\msvc, the test programs too. Each step is
rem followed by "if errorlevel 1 goto failed": stop at the first failure.

setlocal
set FLAGS=/nologo /std:c++17 /EHsc /O2 /fp:precise /utf-8 /W3 /D_CRT_SECURE_NO_WARNINGS
if not exist build\msvc\tests mkdir build\msvc\tests

cl %FLAGS% /Fobuild\msvc\ /Feword2vec.exe word2vec.cpp
if errorlevel 1 goto failed
cl %FLAGS% /Fobuild\msvc\ /Feattention.exe attention.cpp
if errorlevel 1 goto failed

if "%1"=="test" goto test
if "%1"=="run" goto run
if "%1"=="" exit /b 0
echo build.bat: unknown argument '%1'; type build.bat, build.bat test or build.bat run
exit /b 2

:test
if "%DOCTEST_DIR%"=="" goto no_doctest
if not exist "%DOCTEST_DIR%\doctest\doctest.h" goto doctest_missing
call :test_program matrix
if errorlevel 1 goto failed
call :test_program io
if errorlevel 1 goto failed
call :test_program attention
if errorlevel 1 goto failed
call :test_program word2vec
if errorlevel 1 goto failed
call :test_program svg
if errorlevel 1 goto failed
call :test_program textbook
if errorlevel 1 goto failed
echo build.bat: all six test programs passed
exit /b 0

rem call :test_program NAME builds tests\NAME_test.cpp and runs it.
:test_program
cl %FLAGS% /I "%DOCTEST_DIR%" /Fobuild\msvc\tests\ /Febuild\msvc\tests\%1_test.exe tests\%1_test.cpp
if errorlevel 1 exit /b 1
echo == build\msvc\tests\%1_test.exe
build\msvc\tests\%1_test.exe
if errorlevel 1 exit /b 1
exit /b 0

:no_doctest
echo build.bat test needs doctest, one header file: set DOCTEST_DIR to the folder that holds doctest\doctest.h
exit /b 1

:doctest_missing
echo build.bat: DOCTEST_DIR is "%DOCTEST_DIR%", but "%DOCTEST_DIR%\doctest\doctest.h" is not there
exit /b 1

:run
rem The same commands and flags as make run (RUN_TRAINING, RUN_QUERIES,
rem RUN_MAP, RUN_ATTENTION_TRAINING and RUN_SENTENCE in the Makefile), with
rem forward slashes so that the output is the README's. chcp 65001 makes the
rem console show the heat map's UTF-8 shade characters.
chcp 65001 > nul
word2vec.exe -train data/corpus.txt -output vectors.txt -size 24 -window 4 -sample 0 -iter 40 -min-count 5 -neighbours "king queen dog apple red three" -analogy "man king woman" -plot embeddings.svg -plot-list "royalty: king queen prince princess crown | animals: dog cat horse cow pig sheep duck | food: bread cheese milk apple pear cake soup | colours: red green blue yellow brown black | numbers: two three four five six seven"
if errorlevel 1 goto failed
echo.
attention.exe --train --heads 4 --corpus data/corpus.txt --probes data/probes.txt --sentence "the queen of the north fetched her sheep" --contrast "the king of the north found his hen" --vectors vectors.txt --output weights.txt --svg attention_weights.svg --curve training_curve.svg
if errorlevel 1 goto failed
echo.
attention.exe --weights weights.txt --vectors vectors.txt --sentence "the queen of the north fetched her sheep"
if errorlevel 1 goto failed
exit /b 0

:failed
echo build.bat: stopped at the step above, which failed
exit /b 1
