import NexusConcurrency
import Testing

/// The pure bookkeeping of the timer thread: which actions come due, when the thread must be
/// woken, and cancelled entries skipped.
@Suite("Timer schedule")
struct TimerScheduleTests {
    @Test("actions come due in deadline order, equal deadlines in the order scheduled, none early")
    func dueInOrder() {
        var schedule = TimerSchedule<String>()
        _ = schedule.schedule(at: 30, "c")
        _ = schedule.schedule(at: 10, "a")
        _ = schedule.schedule(at: 20, "b1")
        _ = schedule.schedule(at: 20, "b2")
        #expect(schedule.takeDue(now: 9).isEmpty)
        #expect(schedule.takeDue(now: 20) == ["a", "b1", "b2"])
        #expect(schedule.takeDue(now: 29).isEmpty)
        #expect(schedule.takeDue(now: 1_000) == ["c"])
        #expect(schedule.count == 0)
    }

    @Test("the sleeping thread is woken only for a deadline earlier than the one it sleeps until")
    func wakesOnlyForEarlier() {
        var schedule = TimerSchedule<Int>()
        // Awake (running actions): it looks at the schedule again before sleeping.
        #expect(!schedule.schedule(at: 100, 1).wake)
        #expect(schedule.sleep() == 100)
        #expect(!schedule.schedule(at: 100, 2).wake)
        #expect(!schedule.schedule(at: 500, 3).wake)
        #expect(schedule.schedule(at: 50, 4).wake)
        // It now sleeps until 50 (the schedule that woke it said so).
        #expect(!schedule.schedule(at: 60, 5).wake)
        #expect(schedule.schedule(at: 40, 6).wake)
        #expect(schedule.takeDue(now: 45) == [6])
        #expect(!schedule.schedule(at: 1, 7).wake)
    }

    @Test("nothing scheduled sleeps until woken; the first schedule wakes it")
    func emptySleepsUntilWoken() {
        var schedule = TimerSchedule<Int>()
        #expect(schedule.sleep() == .max)
        #expect(schedule.schedule(at: .max - 1, 1).wake)
    }

    @Test("a cancelled action never comes due, is handed back once, and sleep skips to the next live one")
    func cancelled() {
        var schedule = TimerSchedule<String>()
        let first = schedule.schedule(at: 10, "first").id
        let second = schedule.schedule(at: 20, "second").id
        _ = schedule.schedule(at: 30, "third")
        #expect(schedule.cancel(first) == "first")
        #expect(schedule.cancel(first) == nil)
        #expect(schedule.cancel(second) == "second")
        #expect(schedule.count == 1)
        #expect(schedule.sleep() == 30)
        #expect(schedule.takeDue(now: 25).isEmpty)
        #expect(schedule.takeDue(now: 30) == ["third"])
        #expect(schedule.sleep() == .max)
    }

    @Test("random schedules, cancels and wake-ups agree with a sorted list")
    func randomAgainstModel() {
        var generator = SystemRandomNumberGenerator()
        var schedule = TimerSchedule<UInt64>()
        var model: [(at: UInt64, id: UInt64)] = []
        var now: UInt64 = 0
        var sleepingUntil: UInt64? = nil
        for _ in 0..<20_000 {
            switch Int.random(in: 0..<10, using: &generator) {
            case 0..<5:
                let at = now + UInt64.random(in: 0..<1_000, using: &generator)
                let (id, wake) = schedule.schedule(at: at, 0)
                model.append((at, id))
                #expect(wake == (sleepingUntil.map { at < $0 } ?? false))
                if wake { sleepingUntil = at }
            case 5..<7:
                guard let victim = model.randomElement(using: &generator) else { continue }
                #expect(schedule.cancel(victim.id) != nil)
                model.removeAll { $0.id == victim.id }
            case 7:
                let until = schedule.sleep()
                #expect(until == (model.map(\.at).min() ?? .max))
                sleepingUntil = until
            default:
                now += UInt64.random(in: 0..<400, using: &generator)
                let due = model.filter { $0.at <= now }.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
                #expect(schedule.takeDue(now: now).count == due.count)
                model.removeAll { $0.at <= now }
                sleepingUntil = nil
            }
            #expect(schedule.count == model.count)
        }
    }
}
