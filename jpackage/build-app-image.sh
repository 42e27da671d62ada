#!/usr/bin/env bash
# Builds SeqLab's native app image: a folder with a launcher, the jars and a Java runtime trimmed
# to the modules SeqLab uses. Run from anywhere; needs a JDK 17+ with jpackage and jdeps.
#
# usage: jpackage/build-app-image.sh [TYPE]
#   TYPE  app-image (default), or an installer: deb, rpm (Linux), dmg, pkg (macOS), msi, exe (Windows)
# env:  SEQLAB_BUILD_DIR  Maven's build folder (default: target); the image lands in its jpackage/
set -euo pipefail
cd "$(dirname "$0")/.."

type=${1:-app-image}
build=${SEQLAB_BUILD_DIR:-target}
mvn_args=(-q clean package -DskipTests)
[[ -n ${SEQLAB_BUILD_DIR:-} ]] && mvn_args+=("-Dseqlab.buildDir=$SEQLAB_BUILD_DIR")

# 1. seqlab.jar with its libraries beside it in lib/ (clean: copy-dependencies never deletes stale jars)
./mvnw "${mvn_args[@]}"

# 2. jpackage copies its whole --input folder into the image: give it only the jar and lib/, not the
#    classes, test reports and caches that share the build folder
out="$build/jpackage"
input="$out/input"
rm -rf "$out"
mkdir -p "$input"
cp "$build/seqlab.jar" "$input/"
cp -r "$build/lib" "$input/lib"

# 3. the JDK modules SeqLab and its libraries use (JavaFX runs from the classpath, so only java.* / jdk.*)
modules=$(jdeps --multi-release 17 --ignore-missing-deps --print-module-deps \
  --class-path "$input/lib/*" "$input/seqlab.jar")
# jdk.localedata: Chinese number and date formats; jdk.crypto.ec: HTTPS downloads (datasets, checkpoints)
modules="$modules,jdk.localedata,jdk.crypto.ec"
echo "runtime modules: $modules"

# 4. the version: jpackage wants numbers only (0.1.0-SNAPSHOT -> 0.1.0)
version=$(unzip -p "$input/seqlab.jar" org/seqlab/seqlab.properties | sed -n 's/^version=//p' | tr -d '\r')
app_version=${version%%-*}

extra=()
case $type in
  deb|rpm) extra+=(--linux-package-deps libgtk-3-0 --linux-shortcut --linux-menu-group Education) ;;
esac

jpackage \
  --type "$type" \
  --name SeqLab \
  --app-version "$app_version" \
  --vendor SeqLab \
  --description "A desktop lab for sequence models: build, train and step through RNNs, LSTMs, GRUs, attention and Transformers." \
  --icon assets/seqlab-icon-256.png \
  --input "$input" \
  --main-jar seqlab.jar \
  --main-class org.seqlab.SeqLab \
  --add-modules "$modules" \
  --jlink-options "--strip-debug --no-man-pages --no-header-files --compress=2 --include-locales=en,zh" \
  --dest "$out" \
  ${extra[@]+"${extra[@]}"}

rm -rf "$input"
echo "jpackage: wrote $(ls -d "$out"/*) (SeqLab $version)"
