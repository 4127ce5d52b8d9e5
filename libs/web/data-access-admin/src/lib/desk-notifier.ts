import { Injectable, signal } from '@angular/core';

export const DESK_SOUND_KEY = 'lp.desk.sound';

type Permission = NotificationPermission | 'unsupported';

const storage = (): Storage | null => {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
};

/**
 * Tells a staff member that a lead became theirs while they look elsewhere: a browser
 * notification (permission is asked from a click, as browsers require) and, if they opted
 * in, a short tone made with WebAudio (no sound file to download). The sound choice is kept
 * in localStorage.
 */
@Injectable({ providedIn: 'root' })
export class DeskNotifier {
  readonly permission = signal<Permission>(
    typeof Notification === 'undefined'
      ? 'unsupported'
      : Notification.permission,
  );
  readonly soundOn = signal(storage()?.getItem(DESK_SOUND_KEY) === 'on');
  private audio: AudioContext | null = null;

  /** Call from a click. */
  async askPermission(): Promise<Permission> {
    if (typeof Notification === 'undefined') return 'unsupported';
    const answer = await Notification.requestPermission();
    this.permission.set(answer);
    return answer;
  }

  /** Call from a click (browsers start audio only after a gesture); plays the tone when turned on. */
  setSound(on: boolean): void {
    this.soundOn.set(on);
    storage()?.setItem(DESK_SOUND_KEY, on ? 'on' : 'off');
    if (on) this.tone();
  }

  announce(title: string, body: string): void {
    if (this.permission() === 'granted' && typeof Notification !== 'undefined')
      try {
        new Notification(title, { body, tag: 'lp-desk-lead' });
      } catch {
        // Some browsers allow notifications only from a service worker: the tone still plays.
      }
    if (this.soundOn()) this.tone();
  }

  /** Two short notes, quiet, about a third of a second. */
  tone(): void {
    const Context =
      typeof AudioContext === 'undefined' ? undefined : AudioContext;
    if (!Context) return;
    this.audio ??= new Context();
    const audio = this.audio;
    void audio.resume().catch(() => undefined);
    const start = audio.currentTime;
    [880, 1320].forEach((frequency, i) => {
      const at = start + i * 0.16;
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.14);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(at);
      oscillator.stop(at + 0.15);
    });
  }
}
