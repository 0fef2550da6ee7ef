// The breathing pacer: runs in the browser, so the Streamlit script does not rerun on each breath.
// One value goes back to Python, once, when the time is up: setTriggerValue("finished", seconds).
// data: { token, inhale_ms, exhale_ms, total_ms, sound, vibrate, labels: { in, out, done, sound } }
export default function ({ data, setTriggerValue, parentElement }) {
  const root = parentElement.querySelector(".pacer");
  const circle = parentElement.querySelector(".circle");
  const phase = parentElement.querySelector(".phase");
  const left = parentElement.querySelector(".left");
  const soundButton = parentElement.querySelector(".sound");
  const breath = data.inhale_ms + data.exhale_ms;
  const inShare = data.inhale_ms / breath;

  // The start survives a redraw of the page (same session token): the pacer keeps its place.
  const storeKey = "recalibrate-pacer-" + data.token;
  let start = Number(sessionStorage.getItem(storeKey));
  if (!start) {
    start = Date.now();
    sessionStorage.setItem(storeKey, String(start));
  }

  const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  let animation = null;
  if (!still && circle.animate) {
    animation = circle.animate(
      [
        { transform: "scale(0.55)", easing: "ease-in-out" },
        { transform: "scale(1)", offset: inShare, easing: "ease-in-out" },
        { transform: "scale(0.55)" },
      ],
      { duration: breath, iterations: Infinity },
    );
    animation.currentTime = (Date.now() - start) % breath;
  } else {
    root.classList.add("still");
  }

  let audio = null;
  if (data.sound) {
    try {
      audio = new (window.AudioContext || window.webkitAudioContext)();
    } catch (e) {
      audio = null;
    }
    if (audio && audio.state === "suspended") {
      soundButton.textContent = data.labels.sound;
      soundButton.hidden = false;
      soundButton.onclick = () =>
        audio.resume().then(() => {
          soundButton.hidden = true;
        });
      audio.resume().then(() => {
        if (audio.state === "running") soundButton.hidden = true;
      });
    }
  }
  const tone = (frequency) => {
    if (!audio || audio.state !== "running") return;
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    const t = audio.currentTime;
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.08, t + 0.08);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.9);
    osc.connect(gain).connect(audio.destination);
    osc.start(t);
    osc.stop(t + 1);
  };
  const buzz = (pattern) => {
    if (data.vibrate && navigator.vibrate) navigator.vibrate(pattern);
  };

  // Keep the screen on while the session runs (eyes closed, phone face up), where phones allow.
  let wakeLock = null;
  if (navigator.wakeLock) {
    navigator.wakeLock.request("screen").then(
      (lock) => {
        wakeLock = lock;
      },
      () => {},
    );
  }
  const releaseLock = () => {
    if (wakeLock) wakeLock.release().catch(() => {});
    wakeLock = null;
  };

  let shown = null;
  let finished = false;
  const tick = () => {
    const elapsed = Date.now() - start;
    const remaining = Math.max(0, data.total_ms - elapsed);
    const seconds = Math.ceil(remaining / 1000);
    left.textContent = Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
    if (remaining <= 0) {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      if (animation) animation.pause();
      releaseLock();
      root.dataset.phase = "done";
      phase.textContent = data.labels.done;
      buzz([200, 100, 200]);
      sessionStorage.removeItem(storeKey);
      setTriggerValue("finished", Math.round(elapsed / 1000));
      return;
    }
    const now = elapsed % breath < data.inhale_ms ? "in" : "out";
    if (now !== shown) {
      shown = now;
      root.dataset.phase = now;
      phase.textContent = now === "in" ? data.labels.in : data.labels.out;
      // Eyes closed: a higher tone and one long buzz to breathe in, lower and short ones out.
      if (now === "in") {
        tone(432);
        buzz(250);
      } else {
        tone(324);
        buzz([90, 90, 90]);
      }
    }
  };
  const timer = setInterval(tick, 200);
  tick();

  return () => {
    clearInterval(timer);
    if (animation) animation.cancel();
    if (audio) audio.close();
    releaseLock();
  };
}
